import { describe, expect, it } from 'vitest';
import { decodeApdu } from './decodeApdu.js';
import { encodeApdu } from './encodeApdu.js';
import { U2fStatusWord } from './U2fStatusWord.js';
import { u2fStatusWordOf } from '../../../../test/support/u2fStatusWordOf.js';
import { toHex } from '../../../../test/support/hex.js';


describe('encodeApdu', () => {
  it('defaults to python-fido2\'s extended form, Lc and Le even without data', () => {
    expect(toHex(encodeApdu({ cla: 0, ins: 3, p1: 0, p2: 0, data: new Uint8Array(0) }))).toBe('000300000000000000');
    expect(toHex(encodeApdu({ cla: 0, ins: 2, p1: 7, p2: 0, data: new Uint8Array([0xaa, 0xbb]) }))).toBe('00020700000002aabb0000');
  });

  it('writes the short form on request', () => {
    expect(toHex(encodeApdu({ cla: 0, ins: 3, p1: 0, p2: 0, data: new Uint8Array(0) }, { extended: false }))).toBe('0003000000');
    expect(toHex(encodeApdu({ cla: 0, ins: 1, p1: 0, p2: 0, data: new Uint8Array([1, 2]) }, { extended: false }))).toBe('00010000020102' + '00');
  });

  it.each([0, 1, 255, 256, 1000])('round-trips %d data bytes through decodeApdu', (length) => {
    const apdu = { cla: 0, ins: 2, p1: 3, p2: 4, data: new Uint8Array(length).map((_, i) => i) };
    for (const extended of length > 255 ? [true] : [true, false]) {
      const decoded = decodeApdu(encodeApdu(apdu, { extended }));
      expect(decoded).toMatchObject({ ...apdu, extended });
      expect(toHex(decoded.data)).toBe(toHex(apdu.data));
    }
  });

  it('refuses data that does not fit the form, and header fields that are not bytes', () => {
    const base = { cla: 0, ins: 1, p1: 0, p2: 0 };
    expect(u2fStatusWordOf(() => encodeApdu({ ...base, data: new Uint8Array(256) }, { extended: false }))).toBe(U2fStatusWord.WRONG_LENGTH);
    expect(u2fStatusWordOf(() => encodeApdu({ ...base, data: new Uint8Array(65536) }))).toBe(U2fStatusWord.WRONG_LENGTH);
    expect(u2fStatusWordOf(() => encodeApdu({ ...base, ins: 256, data: new Uint8Array(0) }))).toBe(U2fStatusWord.WRONG_DATA);
    expect(u2fStatusWordOf(() => encodeApdu({ ...base, p2: -1, data: new Uint8Array(0) }))).toBe(U2fStatusWord.WRONG_DATA);
  });
});
