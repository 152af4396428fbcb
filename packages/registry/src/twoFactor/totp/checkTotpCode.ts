import type { Knex } from 'knex';
import { clockSkewMessage, matchTotpCode } from './totpCode.js';
import { readTotpSecretRow } from './totpSecretRow.js';
import { decryptTotpSecret } from './totpSecretCipher.js';

export type TotpCheck = { ok: true } | { ok: false; reason: 'wrong' | 'replayed' | 'clock_skew' | 'no_totp'; message: string };

const messages = {
  wrong: 'That code is not right: enter the 6-digit code your authenticator app shows now',
  replayed: 'That code was used already: wait for the next one your authenticator app shows',
  noTotp: 'This account has no authenticator app set up',
};

/**
 * Checks a code from the user's confirmed authenticator app (login, sudo mode): the current step ±1, never a step
 * at or before the last accepted one. Any input is answered, never thrown on; a secret that does not decrypt
 * (TotpSecretDecryptError) is the server's problem and does throw. Rate limiting is the caller's.
 */
export async function checkTotpCode(deps: { db: Knex; secretKey: Buffer; now: number }, userId: number, code: string): Promise<TotpCheck> {
  const row = await readTotpSecretRow(deps.db, userId);
  if (!row?.confirmed) return { ok: false, reason: 'no_totp', message: messages.noTotp };
  const match = matchTotpCode(decryptTotpSecret(deps.secretKey, userId, row.secretEncrypted), code, deps.now, row.lastUsedStep);
  switch (match.kind) {
    case 'wrong':
      return { ok: false, reason: 'wrong', message: messages.wrong };
    case 'replayed':
      return { ok: false, reason: 'replayed', message: messages.replayed };
    case 'skewed':
      return { ok: false, reason: 'clock_skew', message: clockSkewMessage(match.offset) };
    case 'accepted':
      break;
  }
  // The replay check that counts: one conditional UPDATE, so of two requests racing with one code (or a newer
  // and an older one) exactly one moves last_used_step forward, on SQLite and PostgreSQL alike. The secret is in
  // the condition too, in case the app was replaced since the read.
  const updated = await deps
    .db('totp_secrets')
    .where({ user_id: userId, secret_encrypted: row.secretEncrypted })
    .whereNotNull('confirmed_at')
    .where((query) => query.whereNull('last_used_step').orWhere('last_used_step', '<', match.step))
    .update({ last_used_step: match.step });
  if (updated === 1) return { ok: true };
  const now = await readTotpSecretRow(deps.db, userId);
  if (!now?.confirmed) return { ok: false, reason: 'no_totp', message: messages.noTotp };
  if (now.secretEncrypted !== row.secretEncrypted) return { ok: false, reason: 'wrong', message: messages.wrong };
  return { ok: false, reason: 'replayed', message: messages.replayed };
}
