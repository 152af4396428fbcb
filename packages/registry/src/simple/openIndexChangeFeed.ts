import type { Knex } from 'knex';
import type pg from 'pg';
import { isPostgres } from '../db/isPostgres.js';
import type { IndexChangeFeed } from './IndexChangeFeed.js';
import { PostgresIndexChangeFeed } from './PostgresIndexChangeFeed.js';
import type { IndexPageCache } from './IndexPageCache.js';
import { StampFileIndexChangeFeed } from './StampFileIndexChangeFeed.js';

export interface OpenIndexChangeFeedOptions {
  /** Where a lost listening connection (PostgreSQL) is reported. */
  log?: (line: string) => void;
}

/**
 * The IndexChangeFeed that fits `db`, keeping `cache` current: LISTEN/NOTIFY on PostgreSQL (awaits the first
 * LISTEN; if that fails the cache stays off until a retry succeeds), a stamp file beside the database file on SQLite
 * (`<database>-index-stamp`, like its -wal and -shm: every process on that file sees the same stamp).
 */
export async function openIndexChangeFeed(db: Knex, cache: IndexPageCache, options: OpenIndexChangeFeedOptions = {}): Promise<IndexChangeFeed> {
  const connection = db.client.config.connection as pg.ClientConfig & { filename?: string };
  if (isPostgres(db)) {
    const feed = new PostgresIndexChangeFeed({ connection, cache, ...(options.log ? { log: options.log } : {}) });
    await feed.start();
    return feed;
  }
  if (typeof connection.filename !== 'string') throw new Error('The SQLite connection names no file.');
  return new StampFileIndexChangeFeed(`${connection.filename}-index-stamp`, cache);
}
