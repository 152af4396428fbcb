import type { AuthenticatorState, StoredCredential } from '../../state/AuthenticatorState.js';

/** A discoverable credential: the only kind credentialManagement sees (never U2F or other server-side ones). */
export type DiscoverableCredential = StoredCredential & { rpId: string };

export function isDiscoverable(credential: StoredCredential): credential is DiscoverableCredential {
  return credential.discoverable && !credential.u2f && credential.rpId !== undefined;
}

/** The credentials credentialManagement manages, newest first (as getAssertion lists them). */
export function discoverableCredentials(state: AuthenticatorState): DiscoverableCredential[] {
  return state.credentials.filter(isDiscoverable).sort((a, b) => b.createdAt - a.createdAt);
}
