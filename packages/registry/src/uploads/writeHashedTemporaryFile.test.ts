import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpError } from '../http/HttpError.js';
import type { TemporaryFile } from '../storage/FileStorage.js';
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

/** Bytes of a pattern that differs at every offset of a chunk, so that reordered or lost chunks change the file. */
function patterned(length: number): Buffer {
  const data = Buffer.alloc(length);
  for (let index = 0; index < length; index++) data[index] = (index * 7 + (index >> 11)) & 0xff;
  return data;
}

/** `data` in chunks of uneven sizes, each a fresh Buffer, read on demand; counts the bytes handed out. */
function meteredSource(data: Buffer): { stream: Readable; bytesRead: () => number } {
  const sizes = [65_536, 1_000, 30_000, 65_536, 7];
  let offset = 0;
  let turn = 0;
  const stream = new Readable({
    read() {
      if (offset >= data.length) {
        this.push(null);
        return;
      }
      const size = sizes[turn++ % sizes.length]!;
      const chunk = Buffer.from(data.subarray(offset, offset + size));
      offset += chunk.length;
      setImmediate(() => this.push(chunk));
    },
  });
  return { stream, bytesRead: () => offset };
}

/**
 * A LocalFileStorage whose temporary files' writev goes through `writev` (to slow it down or make it fail), logging
 * when each write starts and settles and when the file is closed.
 */
class InstrumentedStorage extends LocalFileStorage {
  readonly events: Array<'write' | 'write settled' | 'close'> = [];

  constructor(
    root: string,
    private readonly writev: (handle: FileHandle, buffers: Buffer[]) => Promise<{ bytesWritten: number; buffers: Buffer[] }>,
  ) {
    super(root);
  }

  override async createTemporaryFile(): Promise<TemporaryFile> {
    const file = await super.createTemporaryFile();
    const handle = new Proxy(file.handle, {
      get: (target, property) => {
        if (property === 'writev') {
          return (buffers: Buffer[]) => {
            this.events.push('write');
            return this.writev(target, buffers).finally(() => this.events.push('write settled'));
          };
        }
        if (property === 'close') {
          return () => {
            this.events.push('close');
            return target.close();
          };
        }
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    return { path: file.path, handle };
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

  it('keeps every byte in order when writes are gathered while the disk is slow', async () => {
    const data = patterned(5 * 1024 * 1024 + 123);
    const buffersPerWrite: number[] = [];
    const slow = new InstrumentedStorage(root, async (handle, buffers) => {
      buffersPerWrite.push(buffers.length);
      await delay(2);
      return handle.writev(buffers);
    });
    const file = await writeHashedTemporaryFile(meteredSource(data).stream, slow, data.length);
    expect((await readFile(file.temporaryPath)).equals(data)).toBe(true);
    expect(file.size).toBe(data.length);
    expect(file.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(file.md5).toBe(createHash('md5').update(data).digest('hex'));
    // Chunks that came during a write were hashed meanwhile and went out together in the next one.
    expect(Math.max(...buffersPerWrite)).toBeGreaterThan(1);
  });

  it('stops reading while a full batch waits for the disk (back-pressure)', async () => {
    const data = patterned(8 * 1024 * 1024);
    const source = meteredSource(data);
    let bytesWritten = 0;
    let mostAhead = 0;
    const slow = new InstrumentedStorage(root, async (handle, buffers) => {
      mostAhead = Math.max(mostAhead, source.bytesRead() - bytesWritten);
      await delay(20);
      const written = await handle.writev(buffers);
      bytesWritten += written.bytesWritten;
      return written;
    });
    const file = await writeHashedTemporaryFile(source.stream, slow, data.length);
    expect(file.size).toBe(data.length);
    // One batch being written, one filling (1 MiB each), and what the streams buffer: never the whole file.
    expect(mostAhead).toBeLessThan(3 * 1024 * 1024);
  });

  it('stops past the limit while a write is in flight, waits for it, and leaves no file', async () => {
    const data = patterned(4 * 1024 * 1024);
    const source = meteredSource(data);
    // Slow enough that a write is always in flight when the limit is crossed.
    const slow = new InstrumentedStorage(root, async (handle, buffers) => {
      await delay(50);
      return handle.writev(buffers);
    });
    const error = await writeHashedTemporaryFile(source.stream, slow, 2 * 1024 * 1024).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(413);
    expect(source.stream.destroyed).toBe(true);
    expect(source.bytesRead()).toBeLessThan(3 * 1024 * 1024);
    // A write was in flight when the limit was crossed, and it settled before the handle was closed (its descriptor
    // is not reused under it).
    expect(slow.events.filter((event) => event === 'write').length).toBeGreaterThan(1);
    expect(slow.events.filter((event) => event === 'write settled')).toHaveLength(slow.events.filter((event) => event === 'write').length);
    expect(slow.events.at(-1)).toBe('close');
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('passes on a write error, stops reading and leaves no file', async () => {
    const data = patterned(4 * 1024 * 1024);
    const source = meteredSource(data);
    let writes = 0;
    const failing = new InstrumentedStorage(root, async (handle, buffers) => {
      if (++writes === 3) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      return handle.writev(buffers);
    });
    await expect(writeHashedTemporaryFile(source.stream, failing, data.length)).rejects.toThrow('no space left on device');
    expect(writes).toBe(3);
    expect(failing.events.filter((event) => event === 'write settled')).toHaveLength(3);
    expect(failing.events.at(-1)).toBe('close');
    expect(source.stream.destroyed).toBe(true);
    expect(source.bytesRead()).toBeLessThan(data.length);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('finishes writes the system took in part', async () => {
    const data = patterned(3 * 1024 * 1024 + 5);
    // At most 10 000 bytes per call, splitting buffers, as a short write would.
    const partial = new InstrumentedStorage(root, async (handle, buffers) => {
      const slice: Buffer[] = [];
      let room = 10_000;
      for (const buffer of buffers) {
        if (room === 0) break;
        slice.push(buffer.subarray(0, room));
        room -= Math.min(room, buffer.length);
      }
      return handle.writev(slice);
    });
    const file = await writeHashedTemporaryFile(meteredSource(data).stream, partial, data.length);
    expect((await readFile(file.temporaryPath)).equals(data)).toBe(true);
  });
});
