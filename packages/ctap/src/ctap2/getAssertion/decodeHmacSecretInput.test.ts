import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, type CborMap, type CborValue } from '../../cbor/index.js';
import { CtapStatus } from '../../status/ctapStatus.js';
import { decodeHmacSecretInput } from './decodeHmacSecretInput.js';
import { encodeHmacSecretInput } from './encodeHmacSecretInput.js';
import type { HmacSecretInput } from './HmacSecretInput.js';
import { ctapStatusOf } from '../../../../../test/support/ctapStatusOf.js';

const input: HmacSecretInput = {
  keyAgreement: new Map<number, CborValue>([[1, 2], [3, -25], [-1, 1], [-2, new Uint8Array(32)], [-3, new Uint8Array(32)]]),
  saltEnc: new Uint8Array(32).fill(1),
  saltAuth: new Uint8Array(16).fill(2),
};

describe('decodeHmacSecretInput', () => {
  it('round-trips with and without pinUvAuthProtocol', () => {
    expect([...encodeHmacSecretInput(input).keys()]).toEqual([1, 2, 3]);
    expect(decodeHmacSecretInput(decodeCbor(encodeCbor(encodeHmacSecretInput(input))))).toEqual(input);
    const withProtocol = { ...input, pinUvAuthProtocol: 2 };
    expect(decodeHmacSecretInput(encodeHmacSecretInput(withProtocol))).toEqual(withProtocol);
  });

  it('answers MISSING_PARAMETER for an absent member and CBOR_UNEXPECTED_TYPE for a wrong type', () => {
    for (const key of [1, 2, 3]) {
      const map = encodeHmacSecretInput(input);
      map.delete(key);
      expect(ctapStatusOf(() => decodeHmacSecretInput(map))).toBe(CtapStatus.MISSING_PARAMETER);
    }
    expect(ctapStatusOf(() => decodeHmacSecretInput(true))).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    for (const [key, value] of [[1, Uint8Array.of(1)], [2, 'salt'], [3, 1], [4, 'one']] as [number, CborValue][]) {
      const map: CborMap = encodeHmacSecretInput(input);
      map.set(key, value);
      expect(ctapStatusOf(() => decodeHmacSecretInput(map)), `key ${key}`).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    }
  });
});
