/*
 * Filenames that can never be uploaded again (PyPI's rule: a filename, once used, names those bytes forever, so a
 * deleted file's name is refused even to a project created anew under a deleted project's name).
 *
 * deleted_filenames  filename PRIMARY KEY (exactly as uploaded), project (the normalized name it belonged to, for
 *                    people reading the table), deleted_at. Written when a file, a release or a project is deleted.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('deleted_filenames', (table) => {
    table.string('filename', 255).primary();
    table.string('project', 255).notNullable();
    table.timestamp('deleted_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('deleted_filenames');
}
