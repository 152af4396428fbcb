import { hkdfSync, randomBytes } from 'node:crypto';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import { aes256Cbc } from './aes256Cbc.js';
import { constantTimeEqual } from './constantTimeEqual.js';
import { hmacSha256 } from './hmacSha256.js';
import type { PinUvAuthProtocol } from './pinUvAuthProtocol.js';

const HKDF_SALT = new Uint8Array(32);

function hkdf(z: Uint8Array, info: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', z, HKDF_SALT, info, 32));
}

/** The AES half of a 64-byte protocol 2 shared secret (HMAC key || AES key). */
function aesKey(sharedSecret: Uint8Array): Uint8Array {
  if (sharedSecret.length !== 64) {
    throw new CtapError(CtapStatus.INVALID_PARAMETER, `protocol 2 shared secret must be 64 bytes, got ${sharedSecret.length}`);
  }
  return sharedSecret.subarray(32);
}

/**
 * "If key is longer than 32 bytes, discard the excess": with a 64-byte shared secret that selects its HMAC
 * half, a 32-byte pinUvAuthToken is used whole.
 */
function hmacKey(key: Uint8Array): Uint8Array {
  return key.length > 32 ? key.subarray(0, 32) : key;
}

function authenticate(key: Uint8Array, message: Uint8Array): Uint8Array {
  return hmacSha256(hmacKey(key), message);
}

/**
 * PIN/UV auth protocol 2 (CTAP 2.1 §6.5.7): shared secret = HKDF-SHA-256(Z, info "CTAP2 HMAC key") ||
 * HKDF-SHA-256(Z, info "CTAP2 AES key"), salt 32 zero bytes; ciphertext = random IV || AES-256-CBC;
 * pinUvAuthParam = the full 32-byte HMAC-SHA-256.
 */
export const pinUvAuthProtocolTwo: PinUvAuthProtocol = {
  version: 2,
  kdf(z) {
    const out = new Uint8Array(64);
    out.set(hkdf(z, 'CTAP2 HMAC key'));
    out.set(hkdf(z, 'CTAP2 AES key'), 32);
    return out;
  },
  encrypt(sharedSecret, plaintext) {
    const key = aesKey(sharedSecret);
    const iv = new Uint8Array(randomBytes(16));
    const ciphertext = aes256Cbc('encrypt', key, iv, plaintext);
    const out = new Uint8Array(16 + ciphertext.length);
    out.set(iv);
    out.set(ciphertext, 16);
    return out;
  },
  decrypt(sharedSecret, ciphertext) {
    const key = aesKey(sharedSecret);
    // Every protocol 2 message carries an IV and at least one block.
    if (ciphertext.length < 32) {
      throw new CtapError(CtapStatus.INVALID_PARAMETER, `protocol 2 ciphertext of ${ciphertext.length} bytes is shorter than IV + one block`);
    }
    return aes256Cbc('decrypt', key, ciphertext.subarray(0, 16), ciphertext.subarray(16));
  },
  authenticate,
  verify(key, message, signature) {
    return constantTimeEqual(authenticate(key, message), signature);
  },
};
