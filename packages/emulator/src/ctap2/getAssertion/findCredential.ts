import { equalBytes } from '@keybridge/ctap';
import type { AuthenticatorState, StoredCredential } from '../../state/AuthenticatorState.js';

/** The stored credential with this id that is bound to this rpIdHash (CTAP2 or U2F made), if any. */
export function findCredential(state: AuthenticatorState, rpIdHash: Uint8Array, id: Uint8Array): StoredCredential | undefined {
  return state.credentials.find((credential) => equalBytes(credential.id, id) && equalBytes(credential.rpIdHash, rpIdHash));
}
