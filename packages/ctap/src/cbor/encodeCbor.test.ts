import { describe, expect, it } from 'vitest';
import { encodeCbor } from './encodeCbor.js';
import { toHex } from '../../../../test/support/hex.js';


describe('encodeCbor', () => {
  it('sorts map keys as CTAP2 canonical CBOR requires (length first, then bytewise)', () => {
    // The ordering example of the CTAP2 spec, section "CTAP2 canonical CBOR encoding form".
    // 10 (0a) and -1 (20) are one byte long, so both come before 100 (18 64).
    const map = new Map<number | string, number>([['aa', 6], [-1, 3], [100, 2], ['z', 5], [10, 1]]);
    expect(toHex(encodeCbor(map))).toBe('a5' + '0a01' + '2003' + '186402' + '617a05' + '62616106');
  });

  it('uses the shortest head for every integer and length', () => {
    expect(toHex(encodeCbor(23))).toBe('17');
    expect(toHex(encodeCbor(24))).toBe('1818');
    expect(toHex(encodeCbor(255))).toBe('18ff');
    expect(toHex(encodeCbor(256))).toBe('190100');
    expect(toHex(encodeCbor(65536))).toBe('1a00010000');
    expect(toHex(encodeCbor(2 ** 32))).toBe('1b0000000100000000');
    expect(toHex(encodeCbor(-25))).toBe('3818');
    expect(toHex(encodeCbor(-(2 ** 32) - 1))).toBe('3b0000000100000000');
    expect(toHex(encodeCbor(5n))).toBe('05');
    expect(toHex(encodeCbor('a'.repeat(24))).slice(0, 4)).toBe('7818');
    expect(toHex(encodeCbor(new Uint8Array(256))).slice(0, 6)).toBe('590100');
    expect(toHex(encodeCbor(new Map([['a', 1]])))).toBe('a1616101');
  });

  it('encodes byte strings as major type 2, not as tagged typed arrays', () => {
    expect(toHex(encodeCbor(new Uint8Array([1, 2])))).toBe('420102');
    expect(toHex(encodeCbor(Buffer.from([1, 2])))).toBe('420102');
  });

  it('refuses values CTAP2 CBOR cannot carry', () => {
    expect(() => encodeCbor(1.5)).toThrow(TypeError);
    expect(() => encodeCbor(undefined as unknown as null)).toThrow(TypeError);
  });

  it('returns fresh bytes that a later call does not overwrite', () => {
    const first = encodeCbor(new Map([[1, 'one']]));
    const copy = toHex(first);
    encodeCbor(new Map([[2, 'two-two-two']]));
    expect(toHex(first)).toBe(copy);
  });
});
