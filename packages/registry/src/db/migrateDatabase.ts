import type { Knex } from 'knex';
import { migrationSource } from './migrations/index.js';

const lockWaitMs = 60_000;

/**
 * Applies every pending migration; returns their names. Several processes may start at once on one database:
 * knex refuses (instead of waiting) while another holds its migration lock, so this retries until the other is done.
 */
export async function migrateDatabase(db: Knex): Promise<string[]> {
  const deadline = Date.now() + lockWaitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
      return applied;
    } catch (error) {
      if (!isConcurrentMigration(error) || Date.now() > deadline) throw error;
      await removeDuplicateLockRows(db);
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 500)));
    }
  }
}

/**
 * Two processes creating knex's lock table at once may each insert its single row; with two rows knex's lock can
 * never be taken again ("already locked" for ever). Keep the first row. Nobody can hold the lock while there are
 * two (taking it must change exactly one row), so this removes no one's lock.
 */
async function removeDuplicateLockRows(db: Knex): Promise<void> {
  if (!(await db.schema.hasTable('knex_migrations_lock'))) return;
  const rows = (await db('knex_migrations_lock').select('index').orderBy('index')) as Array<{ index: number }>;
  if (rows.length > 1) await db('knex_migrations_lock').where('index', '>', rows[0]!.index).delete();
}

function isConcurrentMigration(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // MigrationLocked: another process runs migrations. The others: two processes created knex's own tables at once.
  return error.name === 'MigrationLocked' || (/knex_migrations/.test(error.message) && /already exists|duplicate key|UNIQUE constraint/i.test(error.message));
}
