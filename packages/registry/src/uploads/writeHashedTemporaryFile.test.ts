import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpError } from '../http/HttpError.js';
import { LocalFileStorage } from '../storage/LocalFileStorage.js';
import { createBLAKE2b } from 'hash-wasm';
import { writeHashedTemporaryFile } from './writeHashedTemporaryFile.js';

let root: string;
let storage: LocalFileStorage;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'keybridge-hash-'));
  storage = new LocalFileStorage(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function chunks(data: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += size) parts.push(data.subarray(offset, offset + size));
  return Readable.from(parts);
}

describe('writeHashedTemporaryFile', () => {
  it('writes the bytes to a temporary file and measures them', async () => {
    const data = Buffer.from(Array.from({ length: 100_000 }, (_, index) => (index * 31) & 0xff));
    const file = await writeHashedTemporaryFile(chunks(data, 1000), storage, data.length);
    expect(await readFile(file.temporaryPath)).toEqual(data);
    expect(file.size).toBe(data.length);
    expect(file.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(file.md5).toBe(createHash('md5').update(data).digest('hex'));
    const blake2 = await createBLAKE2b(256);
    blake2.init();
    blake2.update(data);
    expect(file.blake2_256).toBe(blake2.digest('hex'));
    expect(Buffer.from(file.head)).toEqual(data.subarray(0, 8));
  });

  it('keeps the head of files shorter than it, across chunks', async () => {
    const file = await writeHashedTemporaryFile(Readable.from([Buffer.from([1, 2]), Buffer.from([3])]), storage, 10);
    expect([...file.head]).toEqual([1, 2, 3]);
    expect(file.size).toBe(3);
  });

  it('stops past the limit with a 413 and leaves no file', async () => {
    const error = await writeHashedTemporaryFile(chunks(Buffer.alloc(3000), 1000), storage, 2500).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(413);
    expect((error as HttpError).message).toBe('File too large. Limit is 2500 bytes per file.');
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('leaves no file when the source fails', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(100));
        this.destroy(new Error('connection lost'));
      },
    });
    await expect(writeHashedTemporaryFile(failing, storage, 1000)).rejects.toThrow('connection lost');
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });
});
