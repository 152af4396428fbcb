import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeFileStorageContract } from '../../../../test/registry/describeFileStorageContract.js';
import { startS3Server, useS3TestCredentials, type S3TestServer } from '../../../../test/support/startS3Server.js';
import { openFileStorage } from './openFileStorage.js';
import { StorageUnavailableError } from './StorageUnavailableError.js';

let server: S3TestServer;
let root: string;
/** Each test stores under a prefix of its own in the one bucket. */
let testPrefix: string;

beforeAll(async () => {
  useS3TestCredentials();
  server = await startS3Server();
});
afterAll(async () => {
  await server?.destroy();
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'keybridge-s3-storage-'));
  testPrefix = `t${randomBytes(6).toString('hex')}`;
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The storage as the registry opens it from its configuration (credentials from the SDK's default chain). */
function s3Storage(name: string, endpoint = server.endpoint) {
  const storageDir = join(root, name);
  return {
    storage: openFileStorage({ storage: `s3://${server.bucket}/${testPrefix}/${name}`, storageDir, s3Endpoint: endpoint, s3Region: null, s3ForcePathStyle: true }),
    temporaryDirectory: join(storageDir, 'tmp'),
  };
}

describeFileStorageContract('S3FileStorage', async (name) => s3Storage(name));

describe('S3FileStorage', () => {
  it('streams a file of several parts to the bucket and back byte for byte, leaving no temporary file', async () => {
    const { storage, temporaryDirectory } = s3Storage('large');
    // 8 MiB parts: three of them, the last short.
    const bytes = randomBytes(20 * 1024 * 1024 + 123);
    const file = await storage.createTemporaryFile();
    await file.handle.writeFile(bytes);
    await file.handle.close();
    await storage.put(file.path, 'ab/cd/large');
    expect(await readdir(temporaryDirectory)).toEqual([]);
    const reader = await storage.open('ab/cd/large');
    expect(reader?.size).toBe(bytes.length);
    const chunks: Buffer[] = [];
    for await (const chunk of reader!.stream as AsyncIterable<Buffer>) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it('keeps apart stores under other prefixes, and lists only keys it could have written', async () => {
    const first = s3Storage('first').storage;
    const second = s3Storage('second').storage;
    const file = await first.createTemporaryFile();
    await file.handle.writeFile('mine');
    await file.handle.close();
    await first.put(file.path, 'ab/cd/mine');
    expect(await second.open('ab/cd/mine')).toBeNull();
    const keys: string[] = [];
    for await (const entry of second.list()) keys.push(entry.key);
    expect(keys).toEqual([]);
    expect(await text((await first.open('ab/cd/mine'))!.stream)).toBe('mine');
  });

  it('says the storage is unavailable, naming no credential, when nothing answers at the endpoint', async () => {
    // A port nothing listens on: the server's, once it has stopped, is what an outage looks like to the registry.
    const { storage } = s3Storage('down', 'http://127.0.0.1:9');
    const failure = await storage.open('ab/cd/any').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageUnavailableError);
    expect((failure as StorageUnavailableError).code).toBe('storage_unavailable');
    expect((failure as Error).message).toMatch(/^object storage: cannot read ab\/cd\/any in bucket keybridge-test: ECONNREFUSED/);
    expect((failure as Error).message).not.toContain('S3RVER');
    const file = await storage.createTemporaryFile();
    await file.handle.close();
    await writeFile(file.path, 'bytes');
    await expect(storage.put(file.path, 'ab/cd/any')).rejects.toThrow(StorageUnavailableError);
    await expect(storage.modifiedMs('ab/cd/any')).rejects.toThrow(StorageUnavailableError);
  });
});
