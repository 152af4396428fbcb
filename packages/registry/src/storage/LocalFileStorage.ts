import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { FileStorage, StoredFileEntry, StoredFileReader, TemporaryFile } from './FileStorage.js';
import { isProcessAlive } from './isProcessAlive.js';
import { isValidStorageKey } from './isValidStorageKey.js';

/** Temporary files older than this are removed whoever made them (a process on another machine sharing the directory). */
const abandonedAfterMs = 24 * 60 * 60 * 1000;
// upload_<pid>_<instance>_<random>_<hostname>.part: enough to tell, at startup, whose file it is and whether it is dead.
const temporaryName = /^upload_(\d+)_([0-9a-f]+)_[0-9a-f]+_(.+)\.part$/;

/**
 * FileStorage in a local directory: files under `<root>/<key>`, temporary files in `<root>/tmp`, on the same file
 * system so that put() is an atomic rename. Durable: temporary files are synced by their writer, and the directory
 * entry of a put file is synced before put() returns.
 */
export class LocalFileStorage implements FileStorage {
  readonly root: string;
  readonly temporaryDirectory: string;
  /** Tells this process's temporary files from those of an earlier process that had the same pid (containers). */
  private readonly instance = randomBytes(6).toString('hex');
  private readonly host = hostname().replace(/[^A-Za-z0-9.-]/g, '-') || 'localhost';

  constructor(root: string) {
    this.root = root;
    this.temporaryDirectory = join(root, 'tmp');
  }

  async createTemporaryFile(): Promise<TemporaryFile> {
    await mkdir(this.temporaryDirectory, { recursive: true, mode: 0o700 });
    const name = `upload_${process.pid}_${this.instance}_${randomBytes(8).toString('hex')}_${this.host}.part`;
    const path = join(this.temporaryDirectory, name);
    const handle = await open(path, 'wx', 0o600);
    return { path, handle };
  }

  async put(temporaryPath: string, key: string): Promise<void> {
    this.assertTemporary(temporaryPath);
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true, mode: 0o755 });
    // Content-addressed keys: if the key exists its bytes are these bytes, and replacing it is harmless.
    await rename(temporaryPath, target);
    await syncDirectory(dirname(target));
  }

  async discard(temporaryPath: string): Promise<void> {
    this.assertTemporary(temporaryPath);
    await rm(temporaryPath, { force: true });
  }

  async open(key: string): Promise<StoredFileReader | null> {
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
      return { size, stream: createReadStream('', { fd: handle, autoClose: true }) };
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

  async removeStaleTemporaryFiles(): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.temporaryDirectory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      const path = join(this.temporaryDirectory, name);
      if (!(await this.isStale(name, path))) continue;
      await rm(path, { force: true });
      removed++;
    }
    return removed;
  }

  private async isStale(name: string, path: string): Promise<boolean> {
    const match = temporaryName.exec(name);
    if (match) {
      const [, pid, instance, host] = match as unknown as [string, string, string, string];
      if (host === this.host) {
        if (Number(pid) === process.pid) return instance !== this.instance;
        if (!isProcessAlive(Number(pid))) return true;
      }
    }
    try {
      return Date.now() - (await stat(path)).mtimeMs > abandonedAfterMs;
    } catch {
      return false;
    }
  }

  private pathOf(key: string): string {
    if (!isValidStorageKey(key) || key === 'tmp' || key.startsWith('tmp/')) throw new TypeError(`invalid storage key ${JSON.stringify(key)}`);
    return join(this.root, ...key.split('/'));
  }

  private assertTemporary(path: string): void {
    if (dirname(path) !== this.temporaryDirectory) throw new TypeError('not a temporary file of this storage');
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
