import type { Knex } from 'knex';
import { isPostgres } from './isPostgres.js';

/**
 * A statement that writes nothing but takes SQLite's write lock, like BEGIN IMMEDIATE (which knex 3 cannot issue:
 * it always sends BEGIN). knex_migrations exists in every database the registry runs on (migrations run first).
 */
const takeWriteLock = 'UPDATE knex_migrations SET name = name WHERE 0';

/**
 * `db.transaction(work)` for a transaction that writes. knex begins SQLite transactions DEFERRED: the first read
 * takes a snapshot, and the first write must then upgrade to the write lock, which SQLite refuses at once with
 * SQLITE_BUSY (without the busy timeout: waiting could deadlock) while another process holds the lock or once it
 * has committed since the snapshot — a 500 for a well-formed request. So on SQLite the transaction's first
 * statement takes the write lock, waiting for it under the busy timeout like any single write; the work then runs
 * alone. Nested in a transaction (a savepoint), it is a no-op if the outer one took the lock. PostgreSQL locks rows
 * as it goes: a plain transaction (its conflicts are handled where they can happen).
 */
export async function writeTransaction<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if (isPostgres(db)) return db.transaction(work);
  return db.transaction(async (trx) => {
    await trx.raw(takeWriteLock);
    return work(trx);
  });
}
