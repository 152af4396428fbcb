import type { Knex } from 'knex';
import { parseTransports } from './StoredSecurityKey.js';

/** The user's credentials as WebAuthn names them (excludeCredentials, allowCredentials), oldest first. */
export async function credentialDescriptors(db: Knex, userId: number): Promise<Array<{ id: string; transports: string[] }>> {
  const rows = (await db('webauthn_credentials').select('credential_id', 'transports').where('user_id', userId).orderBy('id', 'asc')) as Array<{
    credential_id: string;
    transports: string;
  }>;
  return rows.map((row) => ({ id: row.credential_id, transports: parseTransports(row.transports) }));
}
