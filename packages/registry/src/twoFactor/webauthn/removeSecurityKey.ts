import type { Knex } from 'knex';

/** Removes one of the user's keys; false when the user has no key with this id (another user's key included). */
export async function removeSecurityKey(db: Knex | Knex.Transaction, userId: number, keyId: number): Promise<boolean> {
  return (await db('webauthn_credentials').where({ id: keyId, user_id: userId }).delete()) > 0;
}
