import type { Knex } from 'knex';
import { isPostgres } from '../db/isPostgres.js';

/** A project as listed by the root of the Simple API. */
export interface ListedProject {
  name: string;
  normalizedName: string;
}

/**
 * Up to `limit` projects by normalized name (byte order), those after `after` only: one page of a keyset
 * pagination, so that the whole index is read a page at a time, each an index range scan. Normalized names are
 * ASCII (lower case, digits, '-'); PostgreSQL compares them in the "C" collation (the database's own may ignore
 * '-'), on the index migration 0007 adds for it, SQLite in its default BINARY collation: the same order on both.
 */
export async function listProjects(db: Knex, after: string | null, limit: number): Promise<ListedProject[]> {
  const column = isPostgres(db) ? 'normalized_name collate "C"' : 'normalized_name';
  const query = db('projects').select('name', 'normalized_name').orderByRaw(column).limit(limit);
  if (after !== null) query.whereRaw(`${column} > ?`, [after]);
  const rows = (await query) as Array<{ name: string; normalized_name: string }>;
  return rows.map((row) => ({ name: row.name, normalizedName: row.normalized_name }));
}
