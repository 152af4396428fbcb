import type { CoseKey } from '../../cose/index.js';

/** Keys of the hmac-secret getAssertion input map (CTAP 2.1 §12.5). */
export const HmacSecretInputMember = {
  keyAgreement: 0x01,
  saltEnc: 0x02,
  saltAuth: 0x03,
  pinUvAuthProtocol: 0x04,
} as const;

/** hmac-secret's getAssertion input: salts encrypted under the clientPIN shared secret. */
export interface HmacSecretInput {
  /** The platform's key agreement key (COSE, alg -25). */
  keyAgreement: CoseKey;
  /** encrypt(sharedSecret, salt1 (32) [|| salt2 (32)]). */
  saltEnc: Uint8Array;
  /** authenticate(sharedSecret, saltEnc). */
  saltAuth: Uint8Array;
  /** Absent means protocol 1. */
  pinUvAuthProtocol?: number;
}
