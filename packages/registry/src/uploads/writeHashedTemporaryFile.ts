import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { FileStorage } from '../storage/FileStorage.js';
import { createBlake2b256 } from './createBlake2b256.js';
import type { HashedFile } from './HashedFile.js';
import { fileTooLargeError } from './fileTooLargeError.js';

/**
 * Chunks hashed while a write is in flight are gathered into one writev of up to this much; only when a whole
 * batch waits for the disk does reading pause (back-pressure), so at most about twice this is held at once.
 */
const writeBatchBytes = 1024 * 1024;

/**
 * Streams `source` into a new temporary file of `storage` while hashing it (SHA-256, MD5, BLAKE2b-256) and counting
 * its bytes, then syncs it to disk. Past `maxBytes` it stops at once with a 413. On any failure the temporary file
 * is removed before the error is thrown; on success the caller owns it (storage.put or storage.discard).
 */
export async function writeHashedTemporaryFile(source: Readable, storage: FileStorage, maxBytes: number): Promise<HashedFile> {
  const file = await storage.createTemporaryFile();
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  const head = new Uint8Array(8);
  let size = 0;
  // Hashing (this thread) and writing (the thread pool) overlap: the next chunks are hashed while the last batch
  // is written.
  const writer = new BatchWriter(file.handle);
  try {
    try {
      const blake2 = await createBlake2b256();
      // Leaving the loop early (too large, write error) destroys the source. The iterator's read() concatenates (copies)
      // whatever the source has buffered: busboy's default fileHwm (16 KiB) keeps that to one socket chunk, no copy.
      for await (const chunk of source as AsyncIterable<Buffer>) {
        writer.throwIfFailed();
        if (size < head.length) head.set(chunk.subarray(0, head.length - size), size);
        size += chunk.length;
        if (size > maxBytes) throw fileTooLargeError(maxBytes);
        sha256.update(chunk);
        md5.update(chunk);
        blake2.update(chunk);
        // Only a full batch waiting for the disk makes the loop wait (back-pressure).
        if (writer.add(chunk)) await writer.drain();
      }
      await writer.flush();
      await file.handle.sync();
      return {
        temporaryPath: file.path,
        size,
        sha256: sha256.digest('hex'),
        md5: md5.digest('hex'),
        blake2_256: blake2.hexDigest(),
        head: head.slice(0, Math.min(size, head.length)),
      };
    } finally {
      // A write still in flight must end before the handle is closed (and the file removed).
      await writer.settled();
      await file.handle.close();
    }
  } catch (error) {
    await storage.discard(file.path);
    throw error;
  }
}

/** Writes chunks in order, one write at a time, gathering those that come while a write is in flight. */
class BatchWriter {
  private batch: Buffer[] = [];
  private batchBytes = 0;
  /** The write in flight; it never rejects (its error is kept in `failure`). */
  private writing: Promise<void> | null = null;
  private failure: { error: unknown } | null = null;

  constructor(private readonly handle: FileHandle) {}

  /** Queues `chunk`, starting a write if none is in flight; true when a full batch waits (call drain()). */
  add(chunk: Buffer): boolean {
    this.batch.push(chunk);
    this.batchBytes += chunk.length;
    if (this.writing === null) this.startWrite();
    return this.batchBytes >= writeBatchBytes;
  }

  /** Waits for the write in flight, then starts writing the waiting batch. */
  async drain(): Promise<void> {
    await this.settled();
    this.throwIfFailed();
    if (this.batch.length > 0) this.startWrite();
  }

  /** Writes everything queued; throws the first write error. */
  async flush(): Promise<void> {
    await this.drain();
    await this.settled();
    this.throwIfFailed();
  }

  /** Resolves once no write is in flight (the handle may then be closed). */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  private startWrite(): void {
    const buffers = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    this.writing = writeAll(this.handle, buffers).then(
      () => {
        this.writing = null;
      },
      (error: unknown) => {
        this.failure ??= { error };
        this.writing = null;
      },
    );
  }
}

/** Writes `buffers` in order at the file position, however many calls the system takes. */
async function writeAll(handle: FileHandle, buffers: Buffer[]): Promise<void> {
  let pending = buffers;
  while (pending.length > 0) {
    let { bytesWritten } = await handle.writev(pending);
    if (bytesWritten === 0 && pending.some((buffer) => buffer.length > 0)) throw new Error('The temporary file accepted no bytes.');
    let index = 0;
    while (index < pending.length && bytesWritten >= pending[index]!.length) bytesWritten -= pending[index++]!.length;
    pending = pending.slice(index);
    if (bytesWritten > 0) pending[0] = pending[0]!.subarray(bytesWritten);
  }
}
