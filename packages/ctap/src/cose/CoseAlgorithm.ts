/**
 * COSE algorithm identifiers (IANA "COSE Algorithms") that CTAP2 uses.
 * Values from ../shared/docs/ctap-reference.md ("authenticatorData", "clientPIN").
 */
export const CoseAlgorithm = {
  ES256: -7,
  EdDSA: -8,
  ES384: -35,
  RS256: -257,
  /** Marks the P-256 key-agreement keys of clientPIN; "not the algorithm actually used" (CTAP 2.1 §6.5.6). */
  ECDH_ES_HKDF_256: -25,
} as const;

export type CoseAlgorithmName = keyof typeof CoseAlgorithm;
