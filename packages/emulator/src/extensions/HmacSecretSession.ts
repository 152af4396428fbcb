import type { PinUvAuthProtocol } from '@keybridge/ctap';

/** An hmac-secret request once its salts are decrypted; kept for getNextAssertion, which reuses them. */
export interface HmacSecretSession {
  protocol: PinUvAuthProtocol;
  sharedSecret: Uint8Array;
  /** salt1 (32 bytes) or salt1 || salt2 (64 bytes). */
  salts: Uint8Array;
}
