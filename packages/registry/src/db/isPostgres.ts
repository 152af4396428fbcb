import type { Knex } from 'knex';

/** Whether `db` talks to PostgreSQL (the only other dialect is SQLite). */
export function isPostgres(db: Knex): boolean {
  const client = db.client.config.client;
  return client === 'pg' || client === 'postgres' || client === 'postgresql';
}
