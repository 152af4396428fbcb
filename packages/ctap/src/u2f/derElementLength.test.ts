import { describe, expect, it } from 'vitest';
import { derElementLength } from './derElementLength.js';
import { U2fStatusWord } from './U2fStatusWord.js';
import { u2fStatusWordOf } from '../../../../test/support/u2fStatusWordOf.js';

const sequence = (header: number[], contentLength: number) => new Uint8Array([0x30, ...header, ...new Uint8Array(contentLength)]);

describe('derElementLength', () => {
  it('reads short and long length forms', () => {
    expect(derElementLength(sequence([0x45], 0x45), 0)).toBe(0x47);
    expect(derElementLength(sequence([0x81, 0x80], 0x80), 0)).toBe(0x83);
    expect(derElementLength(sequence([0x82, 0x01, 0xfb], 0x1fb), 0)).toBe(0x1ff);
    expect(derElementLength(new Uint8Array([0xff, ...sequence([0x02], 2), 0xee]), 1)).toBe(4);
  });

  it('answers WRONG_LENGTH for an element cut short', () => {
    expect(u2fStatusWordOf(() => derElementLength(new Uint8Array([0x30, 0x05, 1, 2]), 0))).toBe(U2fStatusWord.WRONG_LENGTH);
    expect(u2fStatusWordOf(() => derElementLength(new Uint8Array([0x30]), 0))).toBe(U2fStatusWord.WRONG_LENGTH);
    expect(u2fStatusWordOf(() => derElementLength(new Uint8Array([0x30, 0x82, 0x01]), 0))).toBe(U2fStatusWord.WRONG_LENGTH);
    expect(u2fStatusWordOf(() => derElementLength(new Uint8Array([0x30, 0x00]), 2))).toBe(U2fStatusWord.WRONG_LENGTH);
  });

  it('answers WRONG_DATA for other tags and non-DER length forms', () => {
    expect(u2fStatusWordOf(() => derElementLength(new Uint8Array([0x31, 0x00]), 0))).toBe(U2fStatusWord.WRONG_DATA);
    expect(u2fStatusWordOf(() => derElementLength(new Uint8Array([0x30, 0x80, 0x00, 0x00]), 0))).toBe(U2fStatusWord.WRONG_DATA);
    expect(u2fStatusWordOf(() => derElementLength(sequence([0x81, 0x10], 0x10), 0))).toBe(U2fStatusWord.WRONG_DATA);
    expect(u2fStatusWordOf(() => derElementLength(sequence([0x82, 0x00, 0x90], 0x90), 0))).toBe(U2fStatusWord.WRONG_DATA);
    expect(u2fStatusWordOf(() => derElementLength(new Uint8Array([0x30, 0x84, 0, 0, 0, 1, 0]), 0))).toBe(U2fStatusWord.WRONG_DATA);
  });
});
