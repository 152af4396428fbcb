import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FileStorage } from '../storage/FileStorage.js';
import { createBlake2b256 } from './createBlake2b256.js';
import type { HashedFile } from './HashedFile.js';
import { fileTooLargeError } from './fileTooLargeError.js';

/**
 * Streams `source` into a new temporary file of `storage` while hashing it (SHA-256, MD5, BLAKE2b-256) and counting
 * its bytes, then syncs it to disk. Past `maxBytes` it stops at once with a 413. On any failure the temporary file
 * is removed before the error is thrown; on success the caller owns it (storage.put or storage.discard).
 */
export async function writeHashedTemporaryFile(source: Readable, storage: FileStorage, maxBytes: number): Promise<HashedFile> {
  const file = await storage.createTemporaryFile();
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  const blake2 = await createBlake2b256();
  const head = new Uint8Array(8);
  let size = 0;
  try {
    try {
      // Leaving the loop early (too large, write error) destroys the source.
      for await (const chunk of source as AsyncIterable<Buffer>) {
        if (size < head.length) head.set(chunk.subarray(0, head.length - size), size);
        size += chunk.length;
        if (size > maxBytes) throw fileTooLargeError(maxBytes);
        sha256.update(chunk);
        md5.update(chunk);
        blake2.update(chunk);
        await file.handle.write(chunk);
      }
      await file.handle.sync();
    } finally {
      await file.handle.close();
    }
  } catch (error) {
    await storage.discard(file.path);
    throw error;
  }
  return {
    temporaryPath: file.path,
    size,
    sha256: sha256.digest('hex'),
    md5: md5.digest('hex'),
    blake2_256: blake2.hexDigest(),
    head: head.slice(0, Math.min(size, head.length)),
  };
}
