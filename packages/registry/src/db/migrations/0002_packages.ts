/*
 * Schema of projects, their roles, releases and files (written by uploads, read by the simple index and JSON API).
 *
 * projects  id, name (as first uploaded), normalized_name UNIQUE (PEP 503: runs of -_. → '-', lower case), created_at
 * roles     id, project_id → projects, user_id → users, role 'owner' | 'maintainer', created_at;
 *           UNIQUE (project_id, user_id)
 * releases  id, project_id → projects, version (as uploaded), canonical_version (PEP 440 normalized, e.g. '1.0rc1'),
 *           requires_python (nullable), summary (nullable), yanked, yanked_reason (nullable), created_at;
 *           UNIQUE (project_id, canonical_version)
 * files     id, release_id → releases, filename UNIQUE, packagetype 'sdist' | 'bdist_wheel', python_version
 *           ('source' for sdists, the wheel's python tag otherwise), size, sha256 UNIQUE (hex), md5 (hex),
 *           blake2_256 (hex), storage_key (FileStorage key: 'ab/cd/<sha256>'), metadata_sha256 (nullable; hex sha256 of
 *           the wheel's METADATA, stored under storage_key + '.metadata', PEP 658/714), requires_python (nullable),
 *           uploaded_by → users (nullable), uploaded_at, yanked
 *
 * Reading portably (the same code runs on SQLite and PostgreSQL):
 * - timestamps are written as JS Dates; SQLite returns epoch milliseconds, pg returns Date: read with new Date(value).
 * - booleans: SQLite returns 0/1, pg returns true/false: read with Boolean(value).
 * - files.size is a bigint: pg returns it as a string: read with Number(value).
 * A file row exists only once its bytes are in storage (uploads write the bytes first, then the rows in a transaction).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('projects', (table) => {
    table.increments('id').primary();
    table.string('name', 255).notNullable();
    table.string('normalized_name', 255).notNullable().unique();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('roles', (table) => {
    table.increments('id').primary();
    table.integer('project_id').unsigned().notNullable().references('id').inTable('projects').onDelete('CASCADE');
    table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE');
    table.string('role', 16).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.unique(['project_id', 'user_id']);
    table.index(['user_id']);
  });

  await knex.schema.createTable('releases', (table) => {
    table.increments('id').primary();
    table.integer('project_id').unsigned().notNullable().references('id').inTable('projects').onDelete('CASCADE');
    table.string('version', 255).notNullable();
    table.string('canonical_version', 255).notNullable();
    table.string('requires_python', 255).nullable();
    table.text('summary').nullable();
    table.boolean('yanked').notNullable().defaultTo(false);
    table.text('yanked_reason').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.unique(['project_id', 'canonical_version']);
  });

  await knex.schema.createTable('files', (table) => {
    table.increments('id').primary();
    table.integer('release_id').unsigned().notNullable().references('id').inTable('releases').onDelete('CASCADE');
    table.string('filename', 255).notNullable().unique();
    table.string('packagetype', 32).notNullable();
    table.string('python_version', 64).notNullable();
    table.bigInteger('size').notNullable();
    table.string('sha256', 64).notNullable().unique();
    table.string('md5', 32).notNullable();
    table.string('blake2_256', 64).notNullable();
    table.string('storage_key', 255).notNullable();
    table.string('metadata_sha256', 64).nullable();
    table.string('requires_python', 255).nullable();
    table.integer('uploaded_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL');
    table.timestamp('uploaded_at', { useTz: true }).notNullable();
    table.boolean('yanked').notNullable().defaultTo(false);
    table.index(['release_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('files');
  await knex.schema.dropTable('releases');
  await knex.schema.dropTable('roles');
  await knex.schema.dropTable('projects');
}
