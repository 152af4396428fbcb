/*
 * Crash safety of uploads (issue 5): the real bin receives half of a 40 MB wheel and is killed with SIGKILL, so no
 * cleanup code of the server runs. After a restart on the same data directory there must be no row (project, role,
 * release, file, event) and no stored or temporary file for it; then the same upload, sent whole, succeeds and is
 * listed and served.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../packages/registry/src/db/openDatabase.js';
import { zipArchive } from '../support/zipArchive.js';
import { coreMetadata, digestsOf, type Distribution } from './distributions.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { serveRegistryProcessForThisTest } from './serveRegistryProcessForThisTest.js';
import { testDatabases } from './testDatabases.js';
import { basicAuth, postUpload, twineBody } from './uploadRequests.js';

const password = 'correct horse battery';
const payloadBytes = 40 * 1024 * 1024;

/** A wheel of about 40 MB: its payload stored (not deflated) random bytes, so the file is as large as it says. */
function largeWheel(): Distribution {
  const name = 'crash-test';
  const version = '1.0';
  const metadata = coreMetadata(name, version);
  const distInfo = `crash_test-${version}.dist-info`;
  const bytes = zipArchive([
    { name: 'crash_test/__init__.py', data: 'VALUE = 1\n' },
    { name: 'crash_test/payload.bin', data: randomBytes(payloadBytes), deflate: false },
    { name: `${distInfo}/METADATA`, data: metadata },
    { name: `${distInfo}/WHEEL`, data: 'Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n' },
    { name: `${distInfo}/RECORD`, data: '' },
  ]);
  return { filename: `crash_test-${version}-py3-none-any.whl`, bytes, name, version, filetype: 'bdist_wheel', pyversion: 'py3', metadata };
}

/** Every file under `directory`, relative to it, with its size. */
function filesUnder(directory: string): Array<{ path: string; size: number }> {
  const found: Array<{ path: string; size: number }> = [];
  const walk = (current: string, prefix: string) => {
    if (!existsSync(current)) return;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else found.push({ path: `${prefix}${entry.name}`, size: statSync(path).size });
    }
  };
  walk(directory, '');
  return found.sort((left, right) => left.path.localeCompare(right.path));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens POST /legacy/ declaring the whole body's length and writes its head (every field and the file part's
 * headers) and the first `fileBytes` of the file, 1 MiB at a time at the pace the server reads: never the rest.
 */
async function startHalfUpload(
  url: string,
  authorization: string,
  distribution: Distribution,
  fileBytes: number,
): Promise<{ failed: Promise<Error>; answered: () => string | null }> {
  const { body, contentType } = twineBody(distribution);
  // twineBody puts the file last: its bytes end right before the closing "\r\n--boundary--\r\n".
  const fileStart = body.length - distribution.bytes.length - multipartTrailerLength(contentType);
  expect(body.subarray(fileStart, fileStart + 16)).toEqual(distribution.bytes.subarray(0, 16));
  const target = new URL('/legacy/', url);
  const request = httpRequest({
    host: target.hostname,
    port: target.port,
    path: target.pathname,
    method: 'POST',
    headers: { 'content-type': contentType, 'content-length': String(body.length), authorization },
  });
  const failed = new Promise<Error>((resolve) => request.once('error', resolve));
  // The server must not answer an upload it has only half of: it waits for the rest.
  let answer: string | null = null;
  request.on('response', (response) => {
    response.resume();
    answer = `${response.statusCode} ${response.statusMessage}`;
  });
  const end = fileStart + fileBytes;
  for (let offset = 0; offset < end; ) {
    const next = Math.min(end, offset === 0 ? fileStart : offset + 1024 * 1024);
    if (!request.write(body.subarray(offset, next))) await new Promise((resolve) => request.once('drain', resolve));
    offset = next;
  }
  return { failed, answered: () => answer };
}

function multipartTrailerLength(contentType: string): number {
  const boundary = /boundary=(.+)$/.exec(contentType)![1]!;
  return `\r\n--${boundary}--\r\n`.length;
}

describe.each(testDatabases)('crash safety of uploads on $kind', (testDatabase) => {
  it('leaves no row and no file for an upload cut by SIGKILL, and takes it whole after a restart', async () => {
    const database = await createDatabaseForThisTest(testDatabase);
    const storageDir = join(database.dataDir, 'files');
    const temporaryDir = join(storageDir, 'tmp');
    const wheel = largeWheel();
    const digests = digestsOf(wheel.bytes);

    const first = serveRegistryProcessForThisTest(database);
    const firstUrl = await first.listening();
    const signUp = await fetch(`${firstUrl}/api/v1/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'carol', password }) });
    expect(signUp.status).toBe(201);
    const authorization = basicAuth('carol', password);

    // Half of the file, then wait until the server has written most of it to its temporary file.
    const half = Math.floor(wheel.bytes.length / 2);
    const upload = await startHalfUpload(firstUrl, authorization, wheel, half);
    let partial: Array<{ path: string; size: number }> = [];
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(25)) {
      partial = filesUnder(temporaryDir);
      if (partial.length === 1 && partial[0]!.size >= half - 4 * 1024 * 1024) break;
    }
    expect(partial).toHaveLength(1);
    expect(partial[0]!.size).toBeGreaterThanOrEqual(half - 4 * 1024 * 1024);
    expect(partial[0]!.size).toBeLessThanOrEqual(half);

    first.child.kill('SIGKILL');
    expect(await first.exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect((await upload.failed).message).toMatch(/ECONNRESET|socket hang up|EPIPE/);
    expect(upload.answered()).toBeNull();
    // Nothing cleaned up after the killed process: its partial file is still there.
    const leftBehind = filesUnder(storageDir);
    expect(leftBehind.map((file) => file.path)).toEqual([`tmp/${partial[0]!.path}`]);
    expect(leftBehind[0]!.size).toBeGreaterThanOrEqual(partial[0]!.size);
    expect(leftBehind[0]!.size).toBeLessThanOrEqual(half);

    const second = serveRegistryProcessForThisTest(database);
    const url = await second.listening();
    // Startup removed the dead process's temporary file; nothing else was ever stored.
    expect(filesUnder(storageDir)).toEqual([]);
    const db = openDatabase({ databaseUrl: database.databaseUrl });
    try {
      for (const table of ['projects', 'roles', 'releases', 'files']) expect(await db(table).select('*'), table).toEqual([]);
      const kinds = ((await db('events').select('kind')) as Array<{ kind: string }>).map((row) => row.kind);
      expect(kinds.filter((kind) => !kind.startsWith('account.'))).toEqual([]);
    } finally {
      await db.destroy();
    }
    expect((await fetch(`${url}/simple/crash-test/`)).status).toBe(404);
    expect((await fetch(`${url}/pypi/crash-test/json`)).status).toBe(404);

    // The same upload, whole.
    const answer = await postUpload(url, authorization, twineBody(wheel));
    expect([answer.status, answer.statusText]).toEqual([200, 'OK']);
    const page = await fetch(`${url}/simple/crash-test/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const link = new RegExp(`href="([^"]+)#sha256=${digests.sha256}"[^>]*>${wheel.filename.replace(/\./g, '\\.')}</a>`).exec(html);
    expect(link, html).not.toBeNull();
    const download = await fetch(new URL(link![1]!, page.url));
    expect(download.status).toBe(200);
    expect(createHash('sha256').update(new Uint8Array(await download.arrayBuffer())).digest('hex')).toBe(digests.sha256);
    const storageKey = `${digests.sha256.slice(0, 2)}/${digests.sha256.slice(2, 4)}/${digests.sha256}`;
    expect(filesUnder(storageDir)).toEqual([
      { path: storageKey, size: wheel.bytes.length },
      { path: `${storageKey}.metadata`, size: Buffer.byteLength(wheel.metadata) },
    ]);

    for (const started of [first, second]) expect(started.stderr()).toBe('');
  }, 120_000);
});

