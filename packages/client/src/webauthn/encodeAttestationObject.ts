import { encodeCbor, type CborMap, type CborValue } from '@keybridge/ctap';

/** The attestationObject of a registration: {fmt, attStmt, authData} in CBOR (canonical order). */
export function encodeAttestationObject(fmt: string, attStmt: CborMap, authenticatorData: Uint8Array): Uint8Array {
  return encodeCbor(
    new Map<string, CborValue>([
      ['fmt', fmt],
      ['attStmt', attStmt],
      ['authData', authenticatorData],
    ]),
  );
}
