/*
 * Indexes that keep costs flat as the index grows (measured by `npm run bench:scale`):
 *
 * projects  + projects_ultranormalized_name on (ultranormalized normalized_name, id): the look-alike check of a new
 *           project's name (projects/ultranormalizeProjectName.ts, findConfusableProject, whose WHERE must spell this
 *           expression exactly for either database to use it) is an index lookup, not a scan of every project.
 *           PostgreSQL only: + projects_normalized_name_c on normalized_name COLLATE "C": the root index is read in
 *           that order a page at a time (simple/listProjects.ts); the unique index is in the database's collation,
 *           which may differ. SQLite's unique index already is in byte order (BINARY).
 *
 * Both are new indexes only: no table is rewritten.
 */
import type { Knex } from 'knex';
import { isPostgres } from '../isPostgres.js';

const ultranormalized = `replace(replace(replace(replace(normalized_name, '-', ''), 'l', '1'), 'i', '1'), 'o', '0')`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index projects_ultranormalized_name on projects ((${ultranormalized}), id)`);
  if (isPostgres(knex)) await knex.raw(`create index projects_normalized_name_c on projects (normalized_name collate "C")`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists projects_normalized_name_c');
  await knex.raw('drop index projects_ultranormalized_name');
}
