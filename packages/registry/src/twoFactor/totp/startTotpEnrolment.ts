import type { Knex } from 'knex';
import { generateSecret } from 'otplib';
import QRCode from 'qrcode';
import { HttpError } from '../../http/HttpError.js';
import { totpSecretBytes } from './totpParameters.js';
import { encryptTotpSecret } from './totpSecretCipher.js';
import { totpUri } from './totpUri.js';

/**
 * Begins adding an authenticator app: a new random secret, stored encrypted and unconfirmed (it counts as a second
 * factor only once confirmTotpEnrolment sees a code from it). Starting again replaces a pending enrolment, whose
 * secret is then useless. The answer is the only place the secret ever appears: show it once (QR code and text).
 * 409 totp_exists when the user already has a confirmed app (remove it first).
 */
export async function startTotpEnrolment(
  deps: { db: Knex; secretKey: Buffer; siteName: string; now: number },
  user: { id: number; username: string },
): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const secret = generateSecret({ length: totpSecretBytes });
  const uri = totpUri({ issuer: deps.siteName, account: user.username, secret });
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  const fields = {
    secret_encrypted: encryptTotpSecret(deps.secretKey, user.id, secret),
    confirmed_at: null,
    last_used_step: null,
    created_at: new Date(deps.now),
  };
  // One statement: insert, or replace a row only while it is unconfirmed. A confirmation committing concurrently
  // can therefore never be overwritten (PostgreSQL re-checks the WHERE on the row it locks; SQLite writes alone).
  const written = (await deps
    .db('totp_secrets')
    .insert({ user_id: user.id, ...fields })
    .onConflict('user_id')
    .merge(fields)
    .whereNull('totp_secrets.confirmed_at')
    .returning('user_id')) as unknown[];
  if (written.length === 0) {
    throw new HttpError(409, 'totp_exists', 'You already have an authenticator app: remove it before setting up another');
  }
  return { secret, uri, qrSvg };
}
