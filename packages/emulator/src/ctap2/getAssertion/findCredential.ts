import type { AuthenticatorState, StoredCredential } from '../../state/AuthenticatorState.js';

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** The stored credential with this id that is bound to this rpIdHash (CTAP2 or U2F made), if any. */
export function findCredential(state: AuthenticatorState, rpIdHash: Uint8Array, id: Uint8Array): StoredCredential | undefined {
  return state.credentials.find((credential) => equalBytes(credential.id, id) && equalBytes(credential.rpIdHash, rpIdHash));
}
