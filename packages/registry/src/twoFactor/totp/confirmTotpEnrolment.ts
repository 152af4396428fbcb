import type { Knex } from 'knex';
import { HttpError } from '../../http/HttpError.js';
import { clockSkewMessage, matchTotpCode } from './totpCode.js';
import { readTotpSecretRow } from './totpSecretRow.js';
import { decryptTotpSecret } from './totpSecretCipher.js';

/**
 * Completes a pending enrolment with one correct code (current step ±1): the app is then the user's second factor.
 * The code's step becomes last_used_step, so the same code cannot sign in straight after. 400 totp_invalid for a
 * wrong code (saying so when the device's clock looks wrong); 409 totp_not_started without a pending enrolment.
 */
export async function confirmTotpEnrolment(deps: { db: Knex; secretKey: Buffer; now: number }, userId: number, code: string): Promise<void> {
  const row = await readTotpSecretRow(deps.db, userId);
  if (!row || row.confirmed) throw notStarted(row?.confirmed === true);
  const match = matchTotpCode(decryptTotpSecret(deps.secretKey, userId, row.secretEncrypted), code, deps.now, null);
  if (match.kind === 'skewed') throw new HttpError(400, 'totp_invalid', clockSkewMessage(match.offset));
  if (match.kind !== 'accepted') {
    throw new HttpError(400, 'totp_invalid', 'That code is not right: enter the 6-digit code your authenticator app shows now');
  }
  // Only the secret the code was checked against: a restarted enrolment (new secret) meanwhile stays pending.
  const updated = await deps
    .db('totp_secrets')
    .where({ user_id: userId, secret_encrypted: row.secretEncrypted })
    .whereNull('confirmed_at')
    .update({ confirmed_at: new Date(deps.now), last_used_step: match.step });
  if (updated !== 1) throw notStarted(false);
}

function notStarted(alreadyConfirmed: boolean): HttpError {
  return new HttpError(
    409,
    'totp_not_started',
    alreadyConfirmed
      ? 'Your authenticator app is already set up: there is no set-up waiting for a code'
      : 'There is no authenticator app set-up waiting for a code: start again',
  );
}
