import { createHash } from 'node:crypto';
import { decodeBase64Url } from './decodeBase64Url.js';
import type { PrfInputValue } from './WebAuthnJson.js';

/** The PRF extension's salt for hmac-secret: SHA-256("WebAuthn PRF" || 0x00 || input) (WebAuthn L3 §10.1.4). */
export function prfSalt(input: PrfInputValue, what: string): Uint8Array {
  const bytes =
    typeof input === 'string'
      ? decodeBase64Url(input, what)
      : input instanceof ArrayBuffer
        ? new Uint8Array(input)
        : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  return new Uint8Array(createHash('sha256').update('WebAuthn PRF').update(Uint8Array.of(0)).update(bytes).digest());
}
