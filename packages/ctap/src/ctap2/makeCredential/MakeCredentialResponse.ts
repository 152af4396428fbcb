import type { CborMap } from '../../cbor/index.js';

/** authenticatorMakeCredential response keys (ctap-reference.md "makeCredential (01)"). */
export const MakeCredentialResponseMember = {
  fmt: 0x01,
  authData: 0x02,
  attStmt: 0x03,
  epAtt: 0x04,
  largeBlobKey: 0x05,
} as const;

export interface MakeCredentialResponse {
  /** Attestation statement format: "packed", "none", "fido-u2f"… */
  fmt: string;
  /** Serialized authenticatorData (parseAuthenticatorData reads it). */
  authData: Uint8Array;
  attStmt: CborMap;
  epAtt?: boolean;
  largeBlobKey?: Uint8Array;
}
