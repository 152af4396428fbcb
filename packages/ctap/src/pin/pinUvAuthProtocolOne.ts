import { createHash } from 'node:crypto';
import { aes256Cbc } from './aes256Cbc.js';
import { constantTimeEqual } from './constantTimeEqual.js';
import { hmacSha256 } from './hmacSha256.js';
import type { PinUvAuthProtocol } from './pinUvAuthProtocol.js';

const ZERO_IV = new Uint8Array(16);

function authenticate(key: Uint8Array, message: Uint8Array): Uint8Array {
  return hmacSha256(key, message).slice(0, 16);
}

/**
 * PIN/UV auth protocol 1 (CTAP 2.1 §6.5.6): shared secret = SHA-256(Z); AES-256-CBC with an all-zero IV;
 * pinUvAuthParam = the first 16 bytes of HMAC-SHA-256.
 */
export const pinUvAuthProtocolOne: PinUvAuthProtocol = {
  version: 1,
  kdf(z) {
    return new Uint8Array(createHash('sha256').update(z).digest());
  },
  encrypt(sharedSecret, plaintext) {
    return aes256Cbc('encrypt', sharedSecret, ZERO_IV, plaintext);
  },
  decrypt(sharedSecret, ciphertext) {
    return aes256Cbc('decrypt', sharedSecret, ZERO_IV, ciphertext);
  },
  authenticate,
  verify(key, message, signature) {
    return constantTimeEqual(authenticate(key, message), signature);
  },
};
