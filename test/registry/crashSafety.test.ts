/*
 * Crash safety of uploads (issue 5): the real bin receives half of a 40 MB wheel and is killed with SIGKILL, so no
 * cleanup code of the server runs. After a restart on the same data directory there must be no row (project, role,
 * release, file, event) and no stored or temporary file for it; then the same upload, sent whole, succeeds and is
 * listed and served.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../packages/registry/src/db/openDatabase.js';
import { digestsOf } from './distributions.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { awaitPartialFile, filesUnder, largeWheel, startHalfUpload } from './halfUpload.js';
import { serveRegistryProcessForThisTest } from './serveRegistryProcessForThisTest.js';
import { testDatabases } from './testDatabases.js';
import { basicAuth, postUpload, twineBody } from './uploadRequests.js';

const password = 'correct horse battery';
const payloadBytes = 40 * 1024 * 1024;

describe.each(testDatabases)('crash safety of uploads on $kind', (testDatabase) => {
  it('leaves no row and no file for an upload cut by SIGKILL, and takes it whole after a restart', async () => {
    const database = await createDatabaseForThisTest(testDatabase);
    const storageDir = join(database.dataDir, 'files');
    const temporaryDir = join(storageDir, 'tmp');
    const wheel = largeWheel('crash-test', payloadBytes);
    const digests = digestsOf(wheel.bytes);

    const first = serveRegistryProcessForThisTest(database);
    const firstUrl = await first.listening();
    const signUp = await fetch(`${firstUrl}/api/v1/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'carol', password }) });
    expect(signUp.status).toBe(201);
    const authorization = basicAuth('carol', password);

    // Half of the file, then wait until the server has written most of it to its temporary file.
    const half = Math.floor(wheel.bytes.length / 2);
    const upload = await startHalfUpload(firstUrl, authorization, wheel, half);
    const partial = await awaitPartialFile(temporaryDir, half);

    first.child.kill('SIGKILL');
    expect(await first.exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect((await upload.failed).message).toMatch(/ECONNRESET|socket hang up|EPIPE/);
    expect(upload.answered()).toBeNull();
    // Nothing cleaned up after the killed process: its partial file is still there.
    const leftBehind = filesUnder(storageDir);
    expect(leftBehind.map((file) => file.path)).toEqual([`tmp/${partial.path}`]);
    expect(leftBehind[0]!.size).toBeGreaterThanOrEqual(partial.size);
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

