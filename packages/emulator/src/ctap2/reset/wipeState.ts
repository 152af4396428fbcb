import { createInitialState, type AuthenticatorState } from '../../state/AuthenticatorState.js';

/**
 * Puts the persistent state back to factory settings in place (handlers hold `core.state`, not a copy):
 * every member goes, then the initial ones come back. Credentials, PIN, retries, minPINLength and its RP IDs,
 * forcePINChange and alwaysUv are all covered, and so is anything added to the state later.
 */
export function wipeState(state: AuthenticatorState): void {
  for (const key of Object.keys(state)) delete (state as unknown as Record<string, unknown>)[key];
  Object.assign(state, createInitialState());
}
