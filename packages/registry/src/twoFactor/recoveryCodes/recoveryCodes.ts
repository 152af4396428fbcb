import { createHmac, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * Recovery codes: 8 random codes of 64 bits, shown once as `xxxx-xxxx-xxxx-xxxx` (lower-case hex), stored as
 * HMAC-SHA-256 under a key derived from the server's secret key (a database copy does not reveal them, and 64 random
 * bits need no slow hash). Each works once; making new ones voids the old.
 */
export const recoveryCodeCount = 8;

function codeHash(secretKey: Buffer, code: string): string {
  const key = createHmac('sha256', secretKey).update('keybridge recovery codes v1').digest();
  return createHmac('sha256', key).update(code).digest('hex');
}

/** The code as typed, in the shape it was made (any case, with or without dashes and spaces), or null. */
function normalizeRecoveryCode(text: string): string | null {
  const hex = text.replace(/[\s-]/g, '').toLowerCase();
  return /^[0-9a-f]{16}$/.test(hex) ? hex : null;
}

/** Replaces the user's recovery codes with 8 new ones, returned here and nowhere else. */
export async function generateRecoveryCodes(db: Knex | Knex.Transaction, secretKey: Buffer, userId: number, now: number): Promise<string[]> {
  const codes = Array.from({ length: recoveryCodeCount }, () => randomBytes(8).toString('hex'));
  await db('recovery_codes').where('user_id', userId).delete();
  await db('recovery_codes').insert(codes.map((code) => ({ user_id: userId, code_hash: codeHash(secretKey, code), used_at: null, created_at: new Date(now) })));
  return codes.map((code) => code.match(/.{4}/g)!.join('-'));
}

/** Uses one of the user's unused codes: true if `text` was one (it is used up now, also against a concurrent use). */
export async function useRecoveryCode(db: Knex, secretKey: Buffer, userId: number, text: string, now: number): Promise<boolean> {
  const code = normalizeRecoveryCode(text);
  if (code === null) return false;
  // Looked up by its keyed hash: nothing secret is compared in a way that leaks through timing.
  const used = await db('recovery_codes').where({ user_id: userId, code_hash: codeHash(secretKey, code) }).whereNull('used_at').update({ used_at: new Date(now) });
  return used === 1;
}

export async function countRecoveryCodes(db: Knex | Knex.Transaction, userId: number): Promise<number> {
  const row = (await db('recovery_codes').where('user_id', userId).whereNull('used_at').count({ count: '*' }).first()) as { count: number | string } | undefined;
  return Number(row?.count ?? 0);
}
