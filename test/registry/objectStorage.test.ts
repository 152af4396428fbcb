/*
 * The registry on object storage through faults (issue 15), the real bin on a bucket of s3rver: an upload cut by
 * SIGKILL leaves nothing listed in the bucket, nothing on disk after a restart, and an object whose row never
 * committed goes with the orphan sweep; an outage of the bucket is a 503 (storage_unavailable) that ends when the
 * bucket is back.
 */
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../packages/registry/src/db/openDatabase.js';
import type { FileStorage } from '../../packages/registry/src/storage/FileStorage.js';
import { openFileStorage } from '../../packages/registry/src/storage/openFileStorage.js';
import { putBytes } from '../../packages/registry/src/storage/putBytes.js';
import { storageKeyForSha256 } from '../../packages/registry/src/storage/storageKeyForSha256.js';
import { sweepOrphanedFiles } from '../../packages/registry/src/storage/sweepOrphanedFiles.js';
import { startS3Server, useS3TestCredentials, type S3TestServer } from '../support/startS3Server.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { digestsOf, sdistOf } from './distributions.js';
import { awaitPartialFile, filesUnder, largeWheel, startHalfUpload } from './halfUpload.js';
import { serveRegistryProcessForThisTest } from './serveRegistryProcessForThisTest.js';
import { testDatabases } from './testDatabases.js';
import { basicAuth, postUpload, twineBody } from './uploadRequests.js';

const password = 'correct horse battery';
const prefix = 'registry';
const hourMs = 60 * 60 * 1000;

async function startS3ServerForThisTest(): Promise<{ s3: S3TestServer; bucket: FileStorage }> {
  const s3 = await startS3Server();
  onTestFinished(() => s3.destroy());
  useS3TestCredentials();
  const bucket = openFileStorage({ storage: `s3://${s3.bucket}/${prefix}`, storageDir: '/nonexistent', s3Endpoint: s3.endpoint, s3Region: null, s3ForcePathStyle: true });
  return { s3, bucket };
}

async function listed(storage: FileStorage): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of storage.list()) keys.push(entry.key);
  return keys.sort();
}

async function signUp(url: string): Promise<string> {
  const answer = await fetch(`${url}/api/v1/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'carol', password }) });
  expect(answer.status).toBe(201);
  return basicAuth('carol', password);
}

describe.each(testDatabases)('the registry on object storage through faults, on $kind', (testDatabase) => {
  it('leaves nothing listed after a SIGKILL mid-upload, and sweeps an object whose row never committed', async () => {
    const { s3, bucket } = await startS3ServerForThisTest();
    const database = await createDatabaseForThisTest(testDatabase);
    const env = s3.registryEnv(prefix);
    const wheel = largeWheel('crash-test', 16 * 1024 * 1024);

    const first = serveRegistryProcessForThisTest(database, env);
    const authorization = await signUp(await first.listening());
    const half = Math.floor(wheel.bytes.length / 2);
    const upload = await startHalfUpload(await first.listening(), authorization, wheel, half);
    const partial = await awaitPartialFile(join(database.dataDir, 'files', 'tmp'), half);
    first.child.kill('SIGKILL');
    expect(await first.exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect((await upload.failed).message).toMatch(/ECONNRESET|socket hang up|EPIPE/);
    expect(upload.answered()).toBeNull();
    // The bytes were on their way through the local temporary file: none reached the bucket.
    expect(filesUnder(join(database.dataDir, 'files')).map((file) => file.path)).toEqual([`tmp/${partial.path}`]);
    expect(await listed(bucket)).toEqual([]);

    // What a process killed between its put and its commit leaves: an object no row refers to.
    const orphan = storageKeyForSha256(digestsOf(Buffer.from('never committed')).sha256);
    await putBytes(bucket, orphan, Buffer.from('never committed'));

    const second = serveRegistryProcessForThisTest(database, env);
    const url = await second.listening();
    expect(filesUnder(join(database.dataDir, 'files'))).toEqual([]);
    expect((await fetch(`${url}/simple/crash-test/`)).status).toBe(404);
    const answer = await postUpload(url, authorization, twineBody(wheel));
    expect([answer.status, answer.statusText]).toEqual([200, 'OK']);
    const stored = storageKeyForSha256(digestsOf(wheel.bytes).sha256);
    // The orphan is young: within the grace, an upload in flight could still commit a row for it.
    expect(await listed(bucket)).toEqual([orphan, stored, `${stored}.metadata`].sort());

    // Two hours later (the clock moved, not waited for), the sweep on the bucket's list removes it alone.
    const db = openDatabase({ databaseUrl: database.databaseUrl });
    try {
      expect(await sweepOrphanedFiles(db, bucket, { graceMs: hourMs, now: () => Date.now() + 2 * hourMs })).toEqual([orphan]);
    } finally {
      await db.destroy();
    }
    expect(await listed(bucket)).toEqual([stored, `${stored}.metadata`].sort());
    for (const started of [first, second]) expect(started.stderr()).toBe('');
  }, 120_000);

  it('answers 503 storage_unavailable while the bucket is down, and recovers when it is back', async () => {
    const { s3 } = await startS3ServerForThisTest();
    const database = await createDatabaseForThisTest(testDatabase);
    const registry = serveRegistryProcessForThisTest(database, s3.registryEnv(prefix));
    const url = await registry.listening();
    const authorization = await signUp(url);
    const upload = (version: string) => postUpload(url, authorization, twineBody(sdistOf('outage-demo', version)));
    expect((await upload('1.0')).status).toBe(200);
    const sdist = sdistOf('outage-demo', '1.0');
    const filePath = `/files/${storageKeyForSha256(digestsOf(sdist.bytes).sha256)}/${sdist.filename}`;
    expect((await fetch(`${url}${filePath}`)).status).toBe(200);

    await s3.stop();
    const download = await fetch(`${url}${filePath}`);
    expect([download.status, download.statusText, download.headers.get('retry-after')]).toEqual([503, 'The registry cannot reach its file storage; try again shortly.', '5']);
    expect(await download.text()).toBe('The registry cannot reach its file storage; try again shortly.\n');
    const refused = await upload('1.1');
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([503, '5']);
    const ready = await fetch(`${url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([503, { status: 'unavailable', checks: { database: 'ok', storage: 'unreachable' } }]);
    // The page of the project comes from the database: still served.
    expect((await fetch(`${url}/simple/outage-demo/`)).status).toBe(200);
    // Logged with the storage's error, no credential.
    expect(registry.stdout()).toMatch(/StorageUnavailableError: object storage: cannot read \S+ in bucket keybridge-test: ECONNREFUSED/);
    expect(registry.stdout()).not.toContain('S3RVER');
    // The refused upload left no temporary file.
    expect(filesUnder(join(database.dataDir, 'files'))).toEqual([]);

    await s3.start();
    const back = await fetch(`${url}${filePath}`);
    expect(back.status).toBe(200);
    expect(Buffer.from(await back.arrayBuffer()).equals(sdist.bytes)).toBe(true);
    expect((await upload('1.1')).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(registry.stderr()).toBe('');
  }, 60_000);
});
