/*
 * Schema of accounts, sessions, login rate-limit buckets and the security event log.
 *
 * users               id, username (as chosen), username_normalized UNIQUE (lower case: unique without regard to
 *                     case), password_hash (argon2id PHC string), is_admin, created_at, last_login_at (nullable)
 * sessions            id_hash PRIMARY KEY (hex SHA-256 of the 32 random bytes in the cookie: the id itself is never
 *                     stored), user_id → users, created_at, expires_at, ip, user_agent
 * rate_limit_buckets  bucket_key ('login:user:<normalized>' | 'login:ip:<ip>'), window_start (epoch ms of the
 *                     fixed window), hits; PRIMARY KEY (bucket_key, window_start); incremented atomically with
 *                     INSERT … ON CONFLICT DO UPDATE, so every process on the database shares one count
 * events              id, created_at, kind ('account.login', 'project.created', …), user_id → users (nullable),
 *                     project_id (nullable; projects come in 0002, so no foreign key), ip, user_agent,
 *                     details (JSON text, never a secret)
 *
 * Timestamps are written as JS Dates (SQLite keeps epoch ms, pg timestamptz): read them with new Date(value);
 * booleans read with Boolean(value) (SQLite answers 0/1).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (table) => {
    table.increments('id').primary();
    table.string('username', 50).notNullable();
    table.string('username_normalized', 50).notNullable().unique();
    table.string('password_hash', 255).notNullable();
    table.boolean('is_admin').notNullable().defaultTo(false);
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('last_login_at', { useTz: true }).nullable();
  });

  await knex.schema.createTable('sessions', (table) => {
    table.string('id_hash', 64).primary();
    table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.string('ip', 64).nullable();
    table.string('user_agent', 512).nullable();
    table.index(['user_id']);
    table.index(['expires_at']);
  });

  await knex.schema.createTable('rate_limit_buckets', (table) => {
    table.string('bucket_key', 255).notNullable();
    table.bigInteger('window_start').notNullable();
    table.integer('hits').notNullable();
    table.primary(['bucket_key', 'window_start']);
    table.index(['window_start']);
  });

  await knex.schema.createTable('events', (table) => {
    table.increments('id').primary();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.string('kind', 64).notNullable();
    table.integer('user_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL');
    table.integer('project_id').unsigned().nullable();
    table.string('ip', 64).nullable();
    table.string('user_agent', 512).nullable();
    table.text('details').notNullable();
    table.index(['user_id', 'created_at']);
    table.index(['project_id', 'created_at']);
    table.index(['kind', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('events');
  await knex.schema.dropTable('rate_limit_buckets');
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('users');
}
