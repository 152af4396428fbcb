/*
 * Stored files no row refers to (issue 11, faults): a process killed between putting an upload's bytes and committing
 * its rows leaves them behind. They are removed at start and periodically once older than the grace period; files a
 * row refers to, and young ones (an upload in flight), are kept.
 */
import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUser } from '../../packages/registry/src/accounts/createUser.js';
import type { RegistryConfig } from '../../packages/registry/src/config/RegistryConfig.js';
import { openDatabase } from '../../packages/registry/src/db/openDatabase.js';
import { LocalFileStorage } from '../../packages/registry/src/storage/LocalFileStorage.js';
import { storageKeyForSha256 } from '../../packages/registry/src/storage/storageKeyForSha256.js';
import { sweepOrphanedFiles } from '../../packages/registry/src/storage/sweepOrphanedFiles.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { digestsOf, wheelOf } from './distributions.js';
import { serveRegistryProcessForThisTest } from './serveRegistryProcessForThisTest.js';
import { startRegistryForThisTest } from './startRegistryForThisTest.js';
import { startTestRegistry } from './startTestRegistry.js';
import { testDatabases, type FreshDatabase } from './testDatabases.js';
import { basicAuth, postUpload, twineBody } from './uploadRequests.js';

const password = 'correct horse battery';
const hourMs = 60 * 60 * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every file under `directory`, relative to it, sorted. */
function filesUnder(directory: string): string[] {
  const found: string[] = [];
  const walk = (current: string, prefix: string) => {
    if (!existsSync(current)) return;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(current, entry.name), `${prefix}${entry.name}/`);
      else found.push(`${prefix}${entry.name}`);
    }
  };
  walk(directory, '');
  return found.sort();
}

const randomKey = () => storageKeyForSha256(createHash('sha256').update(randomBytes(16)).digest('hex'));

/** Writes `key` under `storageDir`, last modified `ageMs` ago. */
async function plant(storageDir: string, key: string, ageMs: number): Promise<void> {
  const path = join(storageDir, ...key.split('/'));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, 'orphaned bytes');
  await age(storageDir, key, ageMs);
}

async function age(storageDir: string, key: string, ageMs: number): Promise<void> {
  const when = new Date(Date.now() - ageMs);
  await utimes(join(storageDir, ...key.split('/')), when, when);
}

/** Uploads a small wheel through the API; returns its storage key (stored with '.metadata' beside it). */
async function uploadWheel(url: string, name: string): Promise<string> {
  const wheel = wheelOf(name, '1.0');
  const answer = await postUpload(url, basicAuth('alice', password), twineBody(wheel));
  expect([answer.status, answer.body]).toEqual([200, `Uploaded ${wheel.filename}\n`]);
  return storageKeyForSha256(digestsOf(wheel.bytes).sha256);
}

function sweepLines(logLines: string[]): Array<{ keys: string[]; temporaryFiles: number }> {
  return logLines.map((line) => JSON.parse(line) as { kind: string; keys: string[]; temporaryFiles: number }).filter((line) => line.kind === 'storage.sweep');
}

describe.each(testDatabases)('sweep of orphaned stored files on $kind', (testDatabase) => {
  async function firstRegistry(database: FreshDatabase, overrides: Partial<RegistryConfig> = {}) {
    const registry = await startTestRegistry(database, overrides);
    await createUser(registry.db, { username: 'alice', password });
    return registry;
  }

  it('removes old unreferenced files and dead processes\' temporary files at start, keeps referenced and young ones', async () => {
    const database = await createDatabaseForThisTest(testDatabase);
    const storageDir = join(database.dataDir, 'files');
    const first = await firstRegistry(database);
    let referenced: string;
    try {
      referenced = await uploadWheel(first.url, 'kept');
    } finally {
      await first.close();
    }
    expect(first.loggedErrors).toEqual([]);
    // Old and referenced: kept whatever its age.
    await age(storageDir, referenced, 30 * 24 * hourMs);
    await age(storageDir, `${referenced}.metadata`, 30 * 24 * hourMs);
    const orphan = randomKey();
    await plant(storageDir, orphan, 2 * hourMs);
    await plant(storageDir, `${orphan}.metadata`, 2 * hourMs);
    // Unreferenced but younger than the grace (default 1 hour): possibly an upload about to commit.
    const young = randomKey();
    await plant(storageDir, young, 50 * 60 * 1000);
    // A `.part` of a killed process.
    const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const host = hostname().replace(/[^A-Za-z0-9.-]/g, '-') || 'localhost';
    await writeFile(join(storageDir, 'tmp', `upload_${deadPid}_abcd_ef01_${host}.part`), 'partial');

    const second = await startRegistryForThisTest(database);
    expect(filesUnder(storageDir)).toEqual([referenced, `${referenced}.metadata`, young].sort());
    expect(sweepLines(second.logLines)).toEqual([expect.objectContaining({ keys: [orphan, `${orphan}.metadata`], temporaryFiles: 1 })]);
    // The referenced file is still served.
    const page = await (await fetch(`${second.url}/simple/kept/`)).text();
    const href = /href="([^"#]+)#sha256=/.exec(page)![1]!;
    expect((await fetch(new URL(href, `${second.url}/simple/kept/`))).status).toBe(200);
  });

  it('sweeps periodically while running, and stops when closed', async () => {
    const database = await createDatabaseForThisTest(testDatabase);
    const storageDir = join(database.dataDir, 'files');
    const registry = await firstRegistry(database, { orphanSweepIntervalMs: 50, orphanGraceMs: 60_000 });
    let closed = false;
    try {
      const referenced = await uploadWheel(registry.url, 'kept');
      await age(storageDir, referenced, 2 * hourMs);
      const orphan = randomKey();
      await plant(storageDir, orphan, 61_000);
      const young = randomKey();
      await plant(storageDir, young, 0);
      for (const deadline = Date.now() + 10_000; Date.now() < deadline && filesUnder(storageDir).includes(orphan); ) await sleep(20);
      expect(filesUnder(storageDir)).toEqual([referenced, `${referenced}.metadata`, young].sort());
      // More sweeps keep what must be kept.
      await sleep(300);
      expect(filesUnder(storageDir)).toEqual([referenced, `${referenced}.metadata`, young].sort());
      expect(sweepLines(registry.logLines)).toEqual([expect.objectContaining({ keys: [orphan], temporaryFiles: 0 })]);

      await registry.close();
      closed = true;
      const afterClose = randomKey();
      await plant(storageDir, afterClose, 2 * hourMs);
      await sleep(300);
      expect(filesUnder(storageDir)).toContain(afterClose);
      expect(registry.loggedErrors).toEqual([]);
    } finally {
      if (!closed) await registry.close();
    }
  });

  it('keeps a listed orphan that an upload of the same bytes writes again before it is deleted', async () => {
    const database = await createDatabaseForThisTest(testDatabase);
    const registry = await startRegistryForThisTest(database);
    const storageDir = registry.config.storageDir;
    const rewritten = randomKey();
    const orphan = randomKey();
    await plant(storageDir, rewritten, 2 * hourMs);
    await plant(storageDir, orphan, 2 * hourMs);
    const storage = new LocalFileStorage(storageDir);
    // Between the listing and the deletion, an upload puts the same bytes again (a fresh file) to commit its row.
    const racing = Object.assign(Object.create(storage) as LocalFileStorage, {
      modifiedMs: async (key: string) => {
        if (key === rewritten) await plant(storageDir, rewritten, 0);
        return storage.modifiedMs(key);
      },
    });
    expect(await sweepOrphanedFiles(registry.db, racing, { graceMs: hourMs })).toEqual([orphan]);
    expect(filesUnder(storageDir)).toEqual([rewritten]);
  });

  it('leaves nothing of a small upload killed between storing and committing, after a restart', async () => {
    const database = await createDatabaseForThisTest(testDatabase);
    const storageDir = join(database.dataDir, 'files');
    const wheel = wheelOf('killed-upload', '1.0');
    const key = storageKeyForSha256(digestsOf(wheel.bytes).sha256);

    const first = serveRegistryProcessForThisTest(database);
    const firstUrl = await first.listening();
    const signUp = await fetch(`${firstUrl}/api/v1/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'alice', password }) });
    expect(signUp.status).toBe(201);

    // The upload's head and all of its body but the end: the server has authenticated (a write) and streams the
    // file to a temporary file. Then the test holds the database's write lock (the files table on PostgreSQL) and
    // sends the end, so that the upload stops between putting its bytes and committing its rows.
    const { body, contentType } = twineBody(wheel);
    const target = new URL('/legacy/', firstUrl);
    const request = httpRequest({
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: 'POST',
      headers: { 'content-type': contentType, 'content-length': String(body.length), authorization: basicAuth('alice', password) },
    });
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      response.resume();
    });
    const failed = new Promise<Error>((resolve) => request.once('error', resolve));
    request.write(body.subarray(0, body.length - 8));
    for (const deadline = Date.now() + 4_000; Date.now() < deadline && filesUnder(join(storageDir, 'tmp')).length === 0; ) await sleep(5);
    expect(filesUnder(join(storageDir, 'tmp'))).toHaveLength(1);

    const db = openDatabase({ databaseUrl: database.databaseUrl });
    let release = () => {};
    try {
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const hold = db
        .transaction(async (trx) => {
          if (testDatabase.kind === 'sqlite') await trx.raw('CREATE TABLE hold_the_write_lock (x integer)');
          else await trx.raw('LOCK TABLE files IN EXCLUSIVE MODE');
          holding();
          await released;
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      await held;
      request.end(body.subarray(body.length - 8));
      for (const deadline = Date.now() + 4_000; Date.now() < deadline && !filesUnder(storageDir).includes(key); ) await sleep(5);
      expect(filesUnder(storageDir)).toContain(key);
      first.child.kill('SIGKILL');
      expect(await first.exit).toEqual({ code: null, signal: 'SIGKILL' });
      release();
      await hold;
      expect((await failed).message).toMatch(/ECONNRESET|socket hang up|EPIPE/);
      expect(answered).toBe(false);
      // What the issue saw: stored bytes, no row.
      expect(filesUnder(storageDir)).toEqual([key, `${key}.metadata`]);
      expect(await db('files').select('id')).toEqual([]);
    } finally {
      release();
      await db.destroy();
    }

    // Older than the grace by the time the registry starts again.
    await age(storageDir, key, 2 * hourMs);
    await age(storageDir, `${key}.metadata`, 2 * hourMs);
    const second = serveRegistryProcessForThisTest(database);
    const url = await second.listening();
    expect(filesUnder(storageDir)).toEqual([]);
    const logged = second
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { kind: string; keys?: string[] })
      .filter((line) => line.kind === 'storage.sweep');
    expect(logged).toEqual([expect.objectContaining({ keys: [key, `${key}.metadata`] })]);

    // The same upload, whole, is taken and stays.
    const answer = await postUpload(url, basicAuth('alice', password), twineBody(wheel));
    expect([answer.status, answer.body]).toEqual([200, `Uploaded ${wheel.filename}\n`]);
    expect(filesUnder(storageDir)).toEqual([key, `${key}.metadata`]);
    for (const started of [first, second]) expect(started.stderr()).toBe('');
  }, 60_000);
});
