/*
 * Schema of API tokens (macaroons; see tokens/apiToken.ts). Nothing here can mint or check a token: the root key of
 * each is derived from the server's secret key and the token id, and the token string is never stored.
 *
 * api_tokens           id (the macaroon identifier: 32 hex digits) PRIMARY KEY, user_id → users, name (≤ 100),
 *                      caveats (JSON list of the caveats as minted, for the token list), created_at, expires_at
 *                      (nullable), last_used_at, last_used_ip (nullable), revoked_at, revoked_reason ('revoked' |
 *                      'disclosed'; nullable). Names are unique per user among tokens not revoked (a partial index).
 * api_token_addresses  token_id → api_tokens, ip, first_used_at, last_used_at; PRIMARY KEY (token_id, ip): the
 *                      addresses a token was used from, so that the first use from a new one writes an event.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_tokens', (table) => {
    table.string('id', 32).primary();
    table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE');
    table.string('name', 100).notNullable();
    table.text('caveats').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).nullable();
    table.timestamp('last_used_at', { useTz: true }).nullable();
    table.string('last_used_ip', 64).nullable();
    table.timestamp('revoked_at', { useTz: true }).nullable();
    table.string('revoked_reason', 16).nullable();
    table.index(['user_id']);
  });
  await knex.raw('CREATE UNIQUE INDEX api_tokens_user_name_unrevoked ON api_tokens (user_id, name) WHERE revoked_at IS NULL');

  await knex.schema.createTable('api_token_addresses', (table) => {
    table.string('token_id', 32).notNullable().references('id').inTable('api_tokens').onDelete('CASCADE');
    table.string('ip', 64).notNullable();
    table.timestamp('first_used_at', { useTz: true }).notNullable();
    table.timestamp('last_used_at', { useTz: true }).notNullable();
    table.primary(['token_id', 'ip']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_token_addresses');
  await knex.schema.dropTable('api_tokens');
}
