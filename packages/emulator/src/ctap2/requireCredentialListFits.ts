import { CtapError, CtapStatus } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../AuthenticatorCore.js';

/**
 * An allowList or excludeList longer than the maxCredentialCountInList getInfo advertises is LIMIT_EXCEEDED
 * ("limit for number of items exceeded", CTAP 2.1 §8.2), as canokey and OpenSK answer; clients split longer
 * lists into batches of that size (CTAP 2.1 §6.4).
 */
export function requireCredentialListFits(core: AuthenticatorCore, list: readonly unknown[] | undefined, name: 'allowList' | 'excludeList'): void {
  const limit = core.config.maxCredentialCountInList;
  if (list && list.length > limit) throw new CtapError(CtapStatus.LIMIT_EXCEEDED, `${name} has ${list.length} credentials, maxCredentialCountInList is ${limit}`);
}
