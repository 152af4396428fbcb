import type { Knex } from 'knex';
import { countRecoveryCodes } from './recoveryCodes/recoveryCodes.js';
import { hasConfirmedTotp } from './totp/totpStatus.js';
import { countSecurityKeys } from './webauthn/countSecurityKeys.js';

export type SecondFactorMethod = 'totp' | 'security_key' | 'recovery_code';

async function factorCounts(db: Knex | Knex.Transaction, userId: number): Promise<{ totp: boolean; securityKeys: number }> {
  return { totp: await hasConfirmedTotp(db, userId), securityKeys: await countSecurityKeys(db, userId) };
}

/** Which second factors the account has; an account with none signs in with its password alone. */
export async function secondFactorStatus(
  db: Knex | Knex.Transaction,
  userId: number,
): Promise<{ enabled: boolean; totp: boolean; securityKeys: number; recoveryCodesLeft: number; methods: SecondFactorMethod[] }> {
  const { totp, securityKeys } = await factorCounts(db, userId);
  const recoveryCodesLeft = await countRecoveryCodes(db, userId);
  const enabled = totp || securityKeys > 0;
  const methods: SecondFactorMethod[] = [];
  if (securityKeys > 0) methods.push('security_key');
  if (totp) methods.push('totp');
  if (enabled && recoveryCodesLeft > 0) methods.push('recovery_code');
  return { enabled, totp, securityKeys, recoveryCodesLeft, methods };
}

/** Whether the account has a confirmed TOTP application or a security key. */
export async function hasSecondFactor(db: Knex | Knex.Transaction, userId: number): Promise<boolean> {
  const { totp, securityKeys } = await factorCounts(db, userId);
  return totp || securityKeys > 0;
}
