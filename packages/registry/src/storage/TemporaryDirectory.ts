import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { TemporaryFile } from './FileStorage.js';
import { isProcessAlive } from './isProcessAlive.js';

/** Temporary files older than this are removed whoever made them (a process on another machine sharing the directory). */
const abandonedAfterMs = 24 * 60 * 60 * 1000;
// upload_<pid>_<instance>_<random>_<hostname>.part: enough to tell, at startup, whose file it is and whether it is dead.
const temporaryName = /^upload_(\d+)_([0-9a-f]+)_[0-9a-f]+_(.+)\.part$/;

/**
 * The local directory where a FileStorage's uploads are written and verified before they are put: new files named
 * after the process that writes them, so that those of dead processes can be told from live ones and removed.
 */
export class TemporaryDirectory {
  readonly path: string;
  /** Tells this process's temporary files from those of an earlier process that had the same pid (containers). */
  private readonly instance = randomBytes(6).toString('hex');
  private readonly host = hostname().replace(/[^A-Za-z0-9.-]/g, '-') || 'localhost';

  constructor(path: string) {
    this.path = path;
  }

  async create(): Promise<TemporaryFile> {
    await mkdir(this.path, { recursive: true, mode: 0o700 });
    const name = `upload_${process.pid}_${this.instance}_${randomBytes(8).toString('hex')}_${this.host}.part`;
    const path = join(this.path, name);
    const handle = await open(path, 'wx', 0o600);
    return { path, handle };
  }

  /** Removes a temporary file (no error if it is already gone). */
  async discard(temporaryPath: string): Promise<void> {
    this.assertInside(temporaryPath);
    await rm(temporaryPath, { force: true });
  }

  /** Throws a TypeError unless `temporaryPath` names a file directly in this directory. */
  assertInside(temporaryPath: string): void {
    if (dirname(temporaryPath) !== this.path) throw new TypeError('not a temporary file of this storage');
  }

  /** Removes the files of dead processes, of this process's earlier incarnation, and old ones; returns how many. */
  async removeStale(): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      const path = join(this.path, name);
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
}
