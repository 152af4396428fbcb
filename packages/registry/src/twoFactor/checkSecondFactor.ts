import type { AuthenticatedUser } from '../accounts/AuthenticatedUser.js';
import type { RegistryState } from '../app/RegistryState.js';
import { recordEvent } from '../events/recordEvent.js';
import { HttpError } from '../http/HttpError.js';
import { reserveAttempt } from '../rateLimits/reserveAttempt.js';
import { countRecoveryCodes, useRecoveryCode } from './recoveryCodes/recoveryCodes.js';
import { checkTotpCode } from './totp/checkTotpCode.js';
import { secondFactorFailureLimit, secondFactorWindowMs } from './twoFactorRules.js';
import { checkSecurityKeyAssertion } from './webauthn/checkSecurityKeyAssertion.js';

/** What a client sends to give its second factor: `{totpCode}`, `{recoveryCode}` or `{webauthn: <assertion JSON>}`. */
export type SecondFactorProof = { method: 'totp'; code: string } | { method: 'recovery_code'; code: string } | { method: 'security_key'; response: unknown };

/** The proof in a JSON body, or a 400 that says what is expected. */
export function parseSecondFactorProof(body: unknown): SecondFactorProof {
  const fields = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const given = ['totpCode', 'recoveryCode', 'webauthn'].filter((name) => fields[name] !== undefined);
  if (given.length !== 1) throw new HttpError(400, 'invalid_second_factor', 'Send exactly one of "totpCode", "recoveryCode" or "webauthn"');
  if (given[0] === 'webauthn') return { method: 'security_key', response: fields.webauthn };
  const code = fields[given[0]!];
  if (typeof code !== 'string' || code.length > 64) throw new HttpError(400, 'invalid_second_factor', `${given[0]} must be a string`);
  return given[0] === 'totpCode' ? { method: 'totp', code } : { method: 'recovery_code', code };
}

/** A code typed into a page's one field: six digits are a TOTP code, anything else a recovery code. */
export function secondFactorCodeProof(typed: string): SecondFactorProof {
  const code = typed.trim();
  return /^\d{6}$/.test(code.replace(/\s/g, '')) ? { method: 'totp', code } : { method: 'recovery_code', code };
}

export type SecondFactorContext = {
  state: Pick<RegistryState, 'db' | 'secretKey' | 'config' | 'now'>;
  ip: string;
  get(name: string): string;
};

/**
 * Checks `user`'s second factor for a login or sudo confirmation, under the second-factor limit (5 failures per 5
 * minutes per user and per address, shared by every process on the database; 429 with Retry-After past it). A failure
 * answers 401 `second_factor_invalid` with the reason in words and writes account.second_factor_failed (never the
 * code); a counter that did not increase also writes security_key.counter_regression; a recovery code used writes
 * account.recovery_code_used.
 */
export async function checkSecondFactor(ctx: SecondFactorContext, user: AuthenticatedUser, sessionHash: string, proof: SecondFactorProof, purpose: 'login' | 'sudo'): Promise<void> {
  const { db, secretKey, config } = ctx.state;
  const now = ctx.state.now();
  const origin = { ip: ctx.ip || null, userAgent: ctx.get('user-agent') || null };
  const buckets: Array<{ by: 'user' | 'ip'; key: string }> = [{ by: 'user', key: `2fa:user:${user.id}` }];
  if (origin.ip) buckets.push({ by: 'ip', key: `2fa:ip:${origin.ip.slice(0, 200)}` });
  const attempt = await reserveAttempt(db, buckets, { limit: secondFactorFailureLimit, windowMs: secondFactorWindowMs }, now);
  if (attempt.limited) {
    await recordEvent(db, { kind: 'account.second_factor_rate_limited', userId: user.id, ...origin, details: { purpose, limitedBy: attempt.by } });
    throw new HttpError(429, 'rate_limited', `Too many failed second factors: try again in ${attempt.retryAfterSeconds} seconds`, { 'Retry-After': String(attempt.retryAfterSeconds) });
  }

  let failure: { reason: string; message: string } | null = null;
  try {
    if (proof.method === 'totp') {
      const check = await checkTotpCode({ db, secretKey, now }, user.id, proof.code);
      if (!check.ok) failure = check;
    } else if (proof.method === 'recovery_code') {
      if (await useRecoveryCode(db, secretKey, user.id, proof.code, now)) {
        await recordEvent(db, { kind: 'account.recovery_code_used', userId: user.id, ...origin, details: { purpose, left: await countRecoveryCodes(db, user.id) } });
      } else {
        failure = { reason: 'wrong', message: 'That recovery code is wrong or was used already' };
      }
    } else {
      const check = await checkSecurityKeyAssertion({ db, config, now }, user.id, sessionHash, proof.response);
      if (!check.ok) {
        failure = check;
        if (check.reason === 'counter_regression') {
          await recordEvent(db, { kind: 'security_key.counter_regression', userId: user.id, ...origin, details: { purpose } });
        }
      }
    }
  } catch (error) {
    // The factor was never checked (a server fault): the attempt does not count.
    await attempt.refund().catch(() => undefined);
    throw error;
  }
  if (failure) {
    await attempt.fail();
    await recordEvent(db, { kind: 'account.second_factor_failed', userId: user.id, ...origin, details: { purpose, method: proof.method, reason: failure.reason } });
    throw new HttpError(401, 'second_factor_invalid', failure.message);
  }
  await attempt.refund();
}
