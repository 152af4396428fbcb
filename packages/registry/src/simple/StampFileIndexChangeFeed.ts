import { appendFileSync, statSync, type Stats } from 'node:fs';
import type { Knex } from 'knex';
import type { IndexChange, IndexChangeFeed } from './IndexChangeFeed.js';
import type { IndexPageCache } from './IndexPageCache.js';

/**
 * The IndexChangeFeed of SQLite, whose processes share one machine: a stamp file beside the database that grows by
 * one byte with every committed change. Its size only grows (appends of one byte are atomic, from any number of
 * processes), so comparing size and inode with what was seen when the cache was filled is exact, unlike
 * timestamps, which may not move between two changes in the same clock tick. Readers pay one stat() per request,
 * and a change is seen by the very next request of every process once committed() returned.
 */
export class StampFileIndexChangeFeed implements IndexChangeFeed {
  readonly stampPath: string;
  readonly #cache: IndexPageCache;
  #seen: Stats | undefined;

  constructor(stampPath: string, cache: IndexPageCache) {
    this.stampPath = stampPath;
    this.#cache = cache;
    // Created (empty) if missing, so that a reader can tell "no change yet" from "cannot see changes".
    appendFileSync(stampPath, '');
    this.#seen = statSync(stampPath);
  }

  isCurrent(): boolean {
    const stamp = statSync(this.stampPath, { throwIfNoEntry: false });
    const seen = this.#seen;
    if (stamp !== undefined && seen !== undefined && stamp.size === seen.size && stamp.ino === seen.ino && stamp.dev === seen.dev) return true;
    // Changed (or gone: then nothing is cached until a writer creates it again).
    this.#cache.clear();
    this.#seen = stamp;
    return stamp !== undefined;
  }

  async announce(_trx: Knex, normalizedName: string): Promise<IndexChange> {
    // Nothing to write before the commit: a stamp written earlier would let readers cache the old rows again.
    return { normalizedName, id: '' };
  }

  async committed(change: IndexChange): Promise<void> {
    this.#cache.invalidate(change.normalizedName);
    appendFileSync(this.stampPath, '.');
  }

  async close(): Promise<void> {}
}
