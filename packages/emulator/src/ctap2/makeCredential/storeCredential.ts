import { CtapError, CtapStatus, equalBytes } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import type { StoredCredential } from '../../state/AuthenticatorState.js';

/**
 * CTAP 2.1 §6.1.2 step 17. A discoverable credential replaces the discoverable one with the same rp.id and user
 * id; when it would be one past config.maxDiscoverableCredentials the answer is KEY_STORE_FULL. Non-discoverable
 * credentials are kept too (the emulator has no key wrapping), without a limit. Persists the state.
 */
export async function storeCredential(core: AuthenticatorCore, credential: StoredCredential): Promise<void> {
  const { state } = core;
  if (credential.discoverable) {
    const replaced = state.credentials.findIndex(
      (existing) =>
        existing.discoverable &&
        existing.rpId === credential.rpId &&
        existing.user !== undefined &&
        credential.user !== undefined &&
        equalBytes(existing.user.id, credential.user.id),
    );
    if (replaced >= 0) {
      state.credentials.splice(replaced, 1);
    } else if (state.credentials.filter((existing) => existing.discoverable).length >= core.config.maxDiscoverableCredentials) {
      throw new CtapError(CtapStatus.KEY_STORE_FULL, `already ${core.config.maxDiscoverableCredentials} discoverable credentials`);
    }
  }
  state.credentials.push(credential);
  await core.persist();
}
