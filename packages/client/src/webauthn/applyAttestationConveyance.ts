import type { CborMap } from '@keybridge/ctap';
import type { AttestationConveyancePreference } from './WebAuthnJson.js';

/**
 * What the RP gets of the attestation: with "none" (the default) the statement is replaced by fmt "none" and an
 * empty attStmt, as WebAuthn L3 §5.1.3 has clients do (authenticatorData, AAGUID included, is untouched, so
 * signatures stay valid); "indirect", "direct" and "enterprise" pass the key's own statement on unchanged.
 */
export function applyAttestationConveyance(
  preference: AttestationConveyancePreference | undefined,
  fmt: string,
  attStmt: CborMap,
): { fmt: string; attStmt: CborMap } {
  if ((preference ?? 'none') === 'none') return { fmt: 'none', attStmt: new Map() };
  return { fmt, attStmt };
}
