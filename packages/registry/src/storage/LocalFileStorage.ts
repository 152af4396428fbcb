import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileStorage, StoredByteRange, StoredFileEntry, StoredFileReader, TemporaryFile } from './FileStorage.js';
import { isValidStorageKey } from './isValidStorageKey.js';
import { TemporaryDirectory } from './TemporaryDirectory.js';

/**
 * FileStorage in a local directory: files under `<root>/<key>`, temporary files in `<root>/tmp`, on the same file
 * system so that put() is an atomic rename. Durable: temporary files are synced by their writer, and the directory
 * entry of a put file is synced before put() returns.
 */
export class LocalFileStorage implements FileStorage {
  readonly root: string;
  private readonly temporaryFiles: TemporaryDirectory;

  constructor(root: string) {
    this.root = root;
    this.temporaryFiles = new TemporaryDirectory(join(root, 'tmp'));
  }

  createTemporaryFile(): Promise<TemporaryFile> {
    return this.temporaryFiles.create();
  }

  async put(temporaryPath: string, key: string): Promise<void> {
    this.temporaryFiles.assertInside(temporaryPath);
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true, mode: 0o755 });
    // Content-addressed keys: if the key exists its bytes are these bytes, and replacing it is harmless.
    await rename(temporaryPath, target);
    await syncDirectory(dirname(target));
  }

  discard(temporaryPath: string): Promise<void> {
    return this.temporaryFiles.discard(temporaryPath);
  }

  async open(key: string, range?: StoredByteRange): Promise<StoredFileReader | null> {
    const path = this.pathOf(key);
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      const { size } = await handle.stat();
      // The stream owns the handle from here and closes it when it ends or is destroyed.
      return { size, stream: createReadStream('', { fd: handle, autoClose: true, ...range }) };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async *list(): AsyncIterable<StoredFileEntry> {
    yield* this.listUnder(this.root, []);
  }

  async modifiedMs(key: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(key))).mtimeMs;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  private async *listUnder(directory: string, segments: string[]): AsyncIterable<StoredFileEntry> {
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      // The temporary directory is not part of the store (removeStaleTemporaryFiles looks after it).
      if (segments.length === 0 && entry.name === 'tmp') continue;
      const path = join(directory, entry.name);
      const key = [...segments, entry.name];
      if (entry.isDirectory()) {
        yield* this.listUnder(path, key);
      } else if (entry.isFile() && isValidStorageKey(key.join('/'))) {
        let modifiedMs;
        try {
          modifiedMs = (await stat(path)).mtimeMs;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
          throw error;
        }
        yield { key: key.join('/'), modifiedMs };
      }
    }
  }

  removeStaleTemporaryFiles(): Promise<number> {
    return this.temporaryFiles.removeStale();
  }

  private pathOf(key: string): string {
    if (!isValidStorageKey(key) || key === 'tmp' || key.startsWith('tmp/')) throw new TypeError(`invalid storage key ${JSON.stringify(key)}`);
    return join(this.root, ...key.split('/'));
  }
}

/** fsync of a directory makes a rename in it durable (POSIX); some platforms refuse to open directories, which is fine. */
async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}
