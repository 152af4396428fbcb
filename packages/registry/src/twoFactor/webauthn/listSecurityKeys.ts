import type { Knex } from 'knex';
import { describeSecurityKeyRow, type SecurityKeyRow, type StoredSecurityKey } from './StoredSecurityKey.js';

/** The user's security keys, oldest first. */
export async function listSecurityKeys(db: Knex | Knex.Transaction, userId: number): Promise<StoredSecurityKey[]> {
  const rows = (await db('webauthn_credentials').select('*').where('user_id', userId).orderBy('created_at', 'asc').orderBy('id', 'asc')) as SecurityKeyRow[];
  return rows.map(describeSecurityKeyRow);
}
