import type { Knex } from 'knex';

/** How many security keys the user has (a second factor when at least one). */
export async function countSecurityKeys(db: Knex | Knex.Transaction, userId: number): Promise<number> {
  const row = (await db('webauthn_credentials').where('user_id', userId).count({ count: '*' }).first()) as { count: number | string } | undefined;
  return Number(row?.count ?? 0);
}
