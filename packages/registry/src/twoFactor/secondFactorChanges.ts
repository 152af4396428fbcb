import type { AuthenticatedUser } from '../accounts/AuthenticatedUser.js';
import type { RegistryContext } from '../app/RegistryState.js';
import { writeTransaction } from '../db/writeTransaction.js';
import { recordEvent } from '../events/recordEvent.js';
import { requestOrigin } from '../events/requestOrigin.js';
import { HttpError } from '../http/HttpError.js';
import { countRecoveryCodes, generateRecoveryCodes } from './recoveryCodes/recoveryCodes.js';
import { hasSecondFactor } from './secondFactorStatus.js';
import { lastFactorRemovedNotice } from './twoFactorRules.js';
import { confirmTotpEnrolment } from './totp/confirmTotpEnrolment.js';
import { removeTotp } from './totp/totpStatus.js';
import { registerSecurityKey } from './webauthn/registerSecurityKey.js';
import { removeSecurityKey } from './webauthn/removeSecurityKey.js';
import type { StoredSecurityKey } from './webauthn/StoredSecurityKey.js';
import type { WebAuthnDeps } from './webauthn/WebAuthnDeps.js';

/*
 * The changes to an account's second factors, each with its event, as both the JSON API (createTwoFactorRouter) and
 * the account security pages (createSecurityPagesRouter) make them. The caller has checked sudo mode. Adding the
 * first factor answers with the account's recovery codes, to be shown that once.
 */

/** What is left after a factor was removed (with no factor left, the recovery codes go too). */
export interface AfterFactorRemoved {
  secondFactorEnabled: boolean;
  recoveryCodesLeft: number;
  notice?: string;
}

export function webauthnDeps(ctx: RegistryContext): WebAuthnDeps {
  return { db: ctx.state.db, config: ctx.state.config, now: ctx.state.now() };
}

/** 404 security_keys_disabled when the operator turned security keys off. */
export function requireSecurityKeys(ctx: RegistryContext): void {
  if (!ctx.state.config.securityKeys) throw new HttpError(404, 'security_keys_disabled', 'Security keys are turned off on this registry');
}

/** Confirms the pending authenticator app with `code` (confirmTotpEnrolment's errors). */
export async function addTotpApp(ctx: RegistryContext, user: AuthenticatedUser, code: string): Promise<{ recoveryCodes?: string[] }> {
  const { db, secretKey } = ctx.state;
  const first = !(await hasSecondFactor(db, user.id));
  await confirmTotpEnrolment({ db, secretKey, now: ctx.state.now() }, user.id, code);
  await recordEvent(db, { kind: 'account.totp_added', userId: user.id, ...requestOrigin(ctx) });
  return first ? { recoveryCodes: await replaceRecoveryCodes(ctx, user.id) } : {};
}

/** 404 totp_not_found when the account has no confirmed app. */
export async function removeTotpApp(ctx: RegistryContext, user: AuthenticatedUser): Promise<AfterFactorRemoved> {
  const { db } = ctx.state;
  if (!(await removeTotp(db, user.id))) throw new HttpError(404, 'totp_not_found', 'This account has no TOTP application');
  await recordEvent(db, { kind: 'account.totp_removed', userId: user.id, ...requestOrigin(ctx) });
  return afterFactorRemoved(ctx, user.id);
}

/** Adds a security key from the answer to the session's registration options (registerSecurityKey's errors). */
export async function addSecurityKey(ctx: RegistryContext, user: AuthenticatedUser, name: string, response: unknown): Promise<{ key: StoredSecurityKey; recoveryCodes?: string[] }> {
  requireSecurityKeys(ctx);
  const first = !(await hasSecondFactor(ctx.state.db, user.id));
  const key = await registerSecurityKey(webauthnDeps(ctx), user, ctx.state.session!.idHash, name, response);
  await recordEvent(ctx.state.db, {
    kind: 'account.security_key_added',
    userId: user.id,
    ...requestOrigin(ctx),
    details: { keyId: key.id, name: key.name, aaguid: key.aaguid, attestationVerified: key.attestationVerified },
  });
  return { key, ...(first ? { recoveryCodes: await replaceRecoveryCodes(ctx, user.id) } : {}) };
}

/** 404 key_not_found unless `keyId` is one of the user's keys. */
export async function removeSecurityKeyOf(ctx: RegistryContext, user: AuthenticatedUser, keyId: number): Promise<AfterFactorRemoved> {
  const { db } = ctx.state;
  if (!Number.isSafeInteger(keyId) || !(await removeSecurityKey(db, user.id, keyId))) throw new HttpError(404, 'key_not_found', 'This account has no security key with this id');
  await recordEvent(db, { kind: 'account.security_key_removed', userId: user.id, ...requestOrigin(ctx), details: { keyId } });
  return afterFactorRemoved(ctx, user.id);
}

/** New recovery codes in place of the old; 409 no_second_factor for an account without a factor they could stand in for. */
export async function newRecoveryCodes(ctx: RegistryContext, user: AuthenticatedUser): Promise<string[]> {
  if (!(await hasSecondFactor(ctx.state.db, user.id))) throw new HttpError(409, 'no_second_factor', 'Add a second factor first: recovery codes stand in for it');
  return replaceRecoveryCodes(ctx, user.id);
}

async function replaceRecoveryCodes(ctx: RegistryContext, userId: number): Promise<string[]> {
  const { db, secretKey } = ctx.state;
  const codes = await writeTransaction(db, (trx) => generateRecoveryCodes(trx, secretKey, userId, ctx.state.now()));
  await recordEvent(db, { kind: 'account.recovery_codes_generated', userId, ...requestOrigin(ctx) });
  return codes;
}

async function afterFactorRemoved(ctx: RegistryContext, userId: number): Promise<AfterFactorRemoved> {
  const { db } = ctx.state;
  if (!(await hasSecondFactor(db, userId))) {
    // Recovery codes stand in for a second factor: with none left they would be a way around nothing.
    await db('recovery_codes').where('user_id', userId).delete();
    return { secondFactorEnabled: false, recoveryCodesLeft: 0, notice: lastFactorRemovedNotice };
  }
  return { secondFactorEnabled: true, recoveryCodesLeft: await countRecoveryCodes(db, userId) };
}
