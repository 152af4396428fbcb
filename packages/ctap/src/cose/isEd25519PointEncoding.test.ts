import { describe, expect, it } from 'vitest';
import { createKeyPair } from '../keys/createKeyPair.js';
import { isEd25519PointEncoding } from './isEd25519PointEncoding.js';

/** 32-byte little-endian encoding of y with the x sign bit. */
function encodePoint(y: bigint, xSign = false): Uint8Array {
  const bytes = Buffer.from(y.toString(16).padStart(64, '0'), 'hex').reverse();
  if (xSign) bytes[31] = bytes[31]! | 0x80;
  return new Uint8Array(bytes);
}

describe('isEd25519PointEncoding', () => {
  it('accepts real Ed25519 public keys', () => {
    for (let i = 0; i < 20; i++) {
      const jwk = createKeyPair('Ed25519').publicKey.export({ format: 'jwk' });
      expect(isEd25519PointEncoding(new Uint8Array(Buffer.from(jwk.x!, 'base64url')))).toBe(true);
    }
  });

  it('accepts y = 3 and rejects y = 2, for which x^2 has no root (checked independently)', () => {
    expect(isEd25519PointEncoding(encodePoint(3n))).toBe(true);
    expect(isEd25519PointEncoding(encodePoint(2n))).toBe(false);
    expect(isEd25519PointEncoding(encodePoint(7n))).toBe(false);
  });

  it('accepts the neutral element (y = 1, x = 0) only with a clear sign bit', () => {
    expect(isEd25519PointEncoding(encodePoint(1n))).toBe(true);
    expect(isEd25519PointEncoding(encodePoint(1n, true))).toBe(false);
  });

  it('rejects non-canonical y (>= p) and wrong lengths', () => {
    const p = 2n ** 255n - 19n;
    expect(isEd25519PointEncoding(encodePoint(p + 3n))).toBe(false);
    expect(isEd25519PointEncoding(new Uint8Array(31))).toBe(false);
    expect(isEd25519PointEncoding(new Uint8Array(33))).toBe(false);
  });
});
