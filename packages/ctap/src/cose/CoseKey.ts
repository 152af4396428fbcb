import type { CborMap } from '../cbor/index.js';

/** A COSE_Key as CTAP2 carries it: an integer-keyed CBOR map. */
export type CoseKey = CborMap;

/** Map labels of the COSE_Key members CTAP2 uses (RFC 9052/9053). */
export const CoseKeyLabel = {
  kty: 1,
  alg: 3,
  crv: -1,
  x: -2,
  y: -3,
} as const;

/** COSE key types. */
export const CoseKeyType = {
  OKP: 1,
  EC2: 2,
} as const;

/** COSE elliptic curves. */
export const CoseEllipticCurve = {
  P256: 1,
  Ed25519: 6,
} as const;
