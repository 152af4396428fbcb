import type { Knex } from 'knex';

/** A row of totp_secrets as the module uses it (PostgreSQL returns bigint as a string: normalized here). */
export interface TotpSecretRow {
  secretEncrypted: string;
  confirmed: boolean;
  lastUsedStep: number | null;
}

export async function readTotpSecretRow(db: Knex | Knex.Transaction, userId: number): Promise<TotpSecretRow | undefined> {
  const row = (await db('totp_secrets').where('user_id', userId).first('secret_encrypted', 'confirmed_at', 'last_used_step')) as
    | { secret_encrypted: string; confirmed_at: unknown; last_used_step: number | string | null }
    | undefined;
  if (!row) return undefined;
  return {
    secretEncrypted: row.secret_encrypted,
    confirmed: row.confirmed_at !== null && row.confirmed_at !== undefined,
    lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step),
  };
}
