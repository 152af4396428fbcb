import { CredentialProtectionPolicy } from '@keybridge/ctap';
import type { StoredCredential } from '../../state/AuthenticatorState.js';

/**
 * credProtect (CTAP 2.1 §12.1, §6.2.2 step 7.4): level 3 needs user verification; level 2 needs it unless the
 * platform named the credential in an allowList; level 1 needs nothing.
 */
export function credentialProtectionAllows(credential: StoredCredential, userVerified: boolean, named: boolean): boolean {
  if (userVerified) return true;
  if (credential.credProtect === CredentialProtectionPolicy.userVerificationRequired) return false;
  if (credential.credProtect === CredentialProtectionPolicy.userVerificationOptionalWithCredentialIdList) return named;
  return true;
}
