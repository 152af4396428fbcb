import type { CborMap } from '../cbor/index.js';
import type { CoseKey } from '../cose/index.js';

/** aaguid (16) | credentialIdLength (2, BE) | credentialId | credentialPublicKey (COSE). */
export interface AttestedCredentialData {
  aaguid: Uint8Array;
  credentialId: Uint8Array;
  credentialPublicKey: CoseKey;
}

/** The content of authenticatorData: rpIdHash (32) | flags (1) | signCount (4, BE) | [attested credential] | [extensions]. */
export interface AuthenticatorData {
  rpIdHash: Uint8Array;
  /** The flags byte; AT and ED are derived from the presence of the optional parts when encoding. */
  flags: number;
  signCount: number;
  attestedCredentialData?: AttestedCredentialData;
  extensions?: CborMap;
}

export interface ParsedAttestedCredentialData extends AttestedCredentialData {
  /** The COSE key exactly as it appeared in the authenticatorData. */
  credentialPublicKeyBytes: Uint8Array;
}

export interface ParsedAuthenticatorData extends AuthenticatorData {
  attestedCredentialData?: ParsedAttestedCredentialData;
}
