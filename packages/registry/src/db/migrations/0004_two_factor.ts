/*
 * Schema of second factors, half-signed-in sessions and sudo mode.
 *
 * sessions              + second_factor_pending (true: the password was right but the second factor is still owed;
 *                       such a session lives 5 minutes and can do nothing else), + confirmed_at (the last time the
 *                       password, and the second factor if any, were given: sudo mode lasts 30 minutes from it)
 * projects              + require_2fa (the owners require every collaborator to have a second factor to upload)
 * totp_secrets          user_id PRIMARY KEY → users, secret_encrypted (AES-256-GCM under a key derived from the server
 *                       secret, the user id as associated data: base64url of iv | ciphertext | tag), confirmed_at
 *                       (null while enrolment waits for a first correct code), last_used_step (the RFC 6238 step of
 *                       the last accepted code: a code of that step or earlier is a replay), created_at
 * webauthn_credentials  id, user_id → users, credential_id (base64url) UNIQUE (one account per credential), name
 *                       (≤ 64, unique per user), public_key (base64url COSE key), counter, transports (JSON list),
 *                       backup_eligible, backup_state, aaguid, attestation_format, attestation_verified (the chain
 *                       ended in a trusted root), model (from a metadata statement, nullable), created_at, last_used_at
 * webauthn_challenges   session_hash → sessions, purpose ('registration' | 'authentication'), challenge (base64url),
 *                       expires_at; PRIMARY KEY (session_hash, purpose): one live challenge per ceremony and session,
 *                       deleted when used
 * recovery_codes        id, user_id → users, code_hash (hex HMAC-SHA-256 of the code under a key derived from the
 *                       server secret), used_at (nullable), created_at
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sessions', (table) => {
    table.boolean('second_factor_pending').notNullable().defaultTo(false);
    table.timestamp('confirmed_at', { useTz: true }).nullable();
  });
  await knex.schema.alterTable('projects', (table) => {
    table.boolean('require_2fa').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('totp_secrets', (table) => {
    table.integer('user_id').unsigned().primary().references('id').inTable('users').onDelete('CASCADE');
    table.text('secret_encrypted').notNullable();
    table.timestamp('confirmed_at', { useTz: true }).nullable();
    table.bigInteger('last_used_step').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('webauthn_credentials', (table) => {
    table.increments('id').primary();
    table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE');
    table.string('credential_id', 1400).notNullable().unique();
    table.string('name', 64).notNullable();
    table.text('public_key').notNullable();
    table.bigInteger('counter').notNullable();
    table.text('transports').notNullable();
    table.boolean('backup_eligible').notNullable();
    table.boolean('backup_state').notNullable();
    table.string('aaguid', 36).notNullable();
    table.string('attestation_format', 32).notNullable();
    table.boolean('attestation_verified').notNullable();
    table.string('model', 255).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('last_used_at', { useTz: true }).nullable();
    table.unique(['user_id', 'name']);
  });

  await knex.schema.createTable('webauthn_challenges', (table) => {
    table.string('session_hash', 64).notNullable().references('id_hash').inTable('sessions').onDelete('CASCADE');
    table.string('purpose', 16).notNullable();
    table.string('challenge', 128).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.primary(['session_hash', 'purpose']);
  });

  await knex.schema.createTable('recovery_codes', (table) => {
    table.increments('id').primary();
    table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE');
    table.string('code_hash', 64).notNullable();
    table.timestamp('used_at', { useTz: true }).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('recovery_codes');
  await knex.schema.dropTable('webauthn_challenges');
  await knex.schema.dropTable('webauthn_credentials');
  await knex.schema.dropTable('totp_secrets');
  await knex.schema.alterTable('projects', (table) => table.dropColumn('require_2fa'));
  await knex.schema.alterTable('sessions', (table) => {
    table.dropColumn('second_factor_pending');
    table.dropColumn('confirmed_at');
  });
}
