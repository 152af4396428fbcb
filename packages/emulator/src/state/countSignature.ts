import type { AuthenticatorCore } from '../AuthenticatorCore.js';
import type { StoredCredential } from './AuthenticatorState.js';

/**
 * The signature counter for one more signature with `credential`: one more than its last, persisted before it signs;
 * or always 0 with `signCount: 'zero'` (WebAuthn §6.1.1: no counter), for a state that is copied and restored, as a
 * CI secret is on every run, where a stored count would go backwards and look like a cloned key.
 */
export async function countSignature(core: AuthenticatorCore, credential: StoredCredential): Promise<number> {
  if (core.config.signCount === 'zero') return 0;
  credential.signCount += 1;
  await core.persist();
  return credential.signCount;
}
