import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { MAX_UV_RETRIES } from '../../state/AuthenticatorState.js';

/**
 * performBuiltInUv(internalRetry), as CTAP 2.1 calls it from §6.5.5.7.3 step 9 and §6.1.2 step 11 / §6.2.2 step 6:
 * each failed attempt costs one of the persistent uvRetries, a match restores them all (§6.5.2.2). With
 * internalRetry the authenticator keeps asking until a match or no retries are left; without it one attempt is
 * made. No retries left (or a blocked PIN, which §6.5.2.2 says disables built-in UV too) is failure at once.
 */
export async function performBuiltInUv(core: AuthenticatorCore, internalRetry: boolean): Promise<boolean> {
  const { state } = core;
  while (state.uvRetries > 0 && state.pinRetries > 0) {
    if (core.builtInUv === 'approve') {
      state.uvRetries = MAX_UV_RETRIES;
      await core.persist();
      return true;
    }
    state.uvRetries -= 1;
    await core.persist();
    if (!internalRetry) break;
  }
  return false;
}
