import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** A temporary file opened for writing: the uploader writes and verifies it, then hands `path` to put() or discard(). */
export interface TemporaryFile {
  path: string;
  /** Opened 'wx', mode 0600; the caller writes, syncs and closes it. */
  handle: FileHandle;
}

/** A stored file opened for reading: `stream` must be consumed or destroyed. */
export interface StoredFileReader {
  /** Bytes of the whole file. */
  size: number;
  /** Its bytes, or those of the range asked for. */
  stream: Readable;
}

/** Bytes `start` to `end` of a file, both included, within the file. */
export interface StoredByteRange {
  start: number;
  end: number;
}

/** A stored file as listed by list(): its key and when its bytes were last written (epoch ms). */
export interface StoredFileEntry {
  key: string;
  modifiedMs: number;
}

/** How an object store should answer a presigned download (it serves the bytes, so it sets these headers). */
export interface PresignedResponse {
  contentType: string;
  cacheControl: string;
}

/**
 * Where uploaded files live, by key (uploads use 'ab/cd/<sha256>' and '<that>.metadata'). Small on purpose, so that
 * S3-compatible object storage (S3FileStorage) stands in for the local directory on deployments with several machines:
 * files are written whole to a local temporary file, verified there, and only then put() under their key.
 */
export interface FileStorage {
  /** A new, empty temporary file on local disk (for LocalFileStorage on the store's file system, so put() is a rename). */
  createTemporaryFile(): Promise<TemporaryFile>;
  /**
   * Moves a complete, synced temporary file to `key` atomically (readers see the old file or the whole new one); the
   * temporary file is gone once it returns.
   */
  put(temporaryPath: string, key: string): Promise<void>;
  /** Removes a temporary file that will not be put (no error if it is already gone). */
  discard(temporaryPath: string): Promise<void>;
  /** The file stored under `key` (only `range` of its bytes, if given), or null when there is none. */
  open(key: string, range?: StoredByteRange): Promise<StoredFileReader | null>;
  /** Removes the file under `key` (no error if there is none). */
  delete(key: string): Promise<void>;
  /** Every stored file (not temporary ones), in no particular order. */
  list(): AsyncIterable<StoredFileEntry>;
  /** When the bytes under `key` were last written (epoch ms), or null when there is no file. */
  modifiedMs(key: string): Promise<number | null>;
  /**
   * Removes temporary files left by processes that died mid-upload (run at startup); returns how many were removed.
   * Never removes a temporary file of a live process.
   */
  removeStaleTemporaryFiles(): Promise<number>;
  /**
   * Where present (object storage): a URL that serves the file under `key` without the registry, for
   * `expiresInSeconds`, with the given response headers.
   */
  presignedUrl?(key: string, response: PresignedResponse, expiresInSeconds: number): Promise<string>;
}
