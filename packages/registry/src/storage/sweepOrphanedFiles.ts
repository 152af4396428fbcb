import type { Knex } from 'knex';
import type { FileStorage } from './FileStorage.js';

const metadataSuffix = '.metadata';
/** Keys per `where in` query (well under SQLite's and PostgreSQL's parameter limits). */
const keysPerQuery = 500;

export interface SweepOrphanedFilesOptions {
  /** Only files whose bytes were last written longer ago than this are removed (see below). */
  graceMs: number;
  /** The clock, epoch ms (default Date.now); compared with file modification times. */
  now?: () => number;
}

/**
 * Removes stored files that no `files` row refers to (neither `storage_key` nor `storage_key || '.metadata'`):
 * the bytes of uploads whose process died (SIGKILL, power loss) after putting them and before committing their rows.
 * Returns the keys removed.
 *
 * The race with an upload in flight: an upload puts its bytes first and commits its row afterwards, so for a moment
 * its bytes are unreferenced. Only files last written more than `graceMs` ago are candidates, and the grace must
 * exceed the longest time from an upload's last write of its temporary file to its commit (checks, lock wait,
 * transaction: seconds; the default is an hour). An upload of the same bytes as an old orphan replaces the file (a
 * rename, with its fresh modification time) before it commits: each candidate's time is read again right before it
 * is deleted, and a file written within the grace is kept. What is left is the instant between that re-read and
 * the unlink, against another process's rename of the same bytes.
 */
export async function sweepOrphanedFiles(db: Knex, storage: FileStorage, options: SweepOrphanedFilesOptions): Promise<string[]> {
  const now = options.now ?? Date.now;
  const isOld = (modifiedMs: number) => now() - modifiedMs > options.graceMs;
  const candidates: string[] = [];
  for await (const entry of storage.list()) if (isOld(entry.modifiedMs)) candidates.push(entry.key);
  if (candidates.length === 0) return [];

  const uploadKeyOf = (key: string) => (key.endsWith(metadataSuffix) ? key.slice(0, -metadataSuffix.length) : key);
  const referenced = new Set<string>();
  const asked = [...new Set(candidates.flatMap((key) => [key, uploadKeyOf(key)]))];
  for (let start = 0; start < asked.length; start += keysPerQuery) {
    const rows = (await db('files').distinct('storage_key').whereIn('storage_key', asked.slice(start, start + keysPerQuery))) as Array<{ storage_key: string }>;
    for (const row of rows) referenced.add(row.storage_key);
  }

  const removed: string[] = [];
  for (const key of candidates) {
    if (referenced.has(key) || referenced.has(uploadKeyOf(key))) continue;
    // Written again since it was listed (an upload of the same bytes): it is that upload's now.
    const modifiedMs = await storage.modifiedMs(key);
    if (modifiedMs === null || !isOld(modifiedMs)) continue;
    await storage.delete(key);
    removed.push(key);
  }
  return removed.sort();
}
