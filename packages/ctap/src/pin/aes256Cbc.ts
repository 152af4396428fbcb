import { createCipheriv, createDecipheriv } from 'node:crypto';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';

/**
 * AES-256-CBC without padding, as both PIN/UV auth protocols use it. Sizes are checked here so that a bad
 * key or a partial block is INVALID_PARAMETER rather than an OpenSSL error.
 */
export function aes256Cbc(direction: 'encrypt' | 'decrypt', key: Uint8Array, iv: Uint8Array, input: Uint8Array): Uint8Array {
  if (key.length !== 32) throw new CtapError(CtapStatus.INVALID_PARAMETER, `AES-256 key must be 32 bytes, got ${key.length}`);
  if (iv.length !== 16) throw new CtapError(CtapStatus.INVALID_PARAMETER, `IV must be 16 bytes, got ${iv.length}`);
  if (input.length % 16 !== 0) {
    throw new CtapError(CtapStatus.INVALID_PARAMETER, `${direction} input of ${input.length} bytes is not a whole number of AES blocks`);
  }
  const cipher = direction === 'encrypt' ? createCipheriv('aes-256-cbc', key, iv) : createDecipheriv('aes-256-cbc', key, iv);
  cipher.setAutoPadding(false);
  const first = cipher.update(input);
  const last = cipher.final();
  const out = new Uint8Array(first.length + last.length);
  out.set(first);
  out.set(last, first.length);
  return out;
}
