import { describe, expect, it } from 'vitest';
import { encodeAuthenticateResponse } from './encodeAuthenticateResponse.js';
import { parseAuthenticateResponse } from './parseAuthenticateResponse.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';

const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
const hex = (value: Uint8Array) => Buffer.from(value).toString('hex');

function statusWordOf(f: () => unknown): number | string {
  try {
    f();
  } catch (error) {
    return error instanceof U2fApduError ? error.statusWord : `not a U2fApduError: ${String(error)}`;
  }
  return 'no error';
}

describe('encodeAuthenticateResponse', () => {
  it('writes presence and a big-endian counter', () => {
    expect(hex(encodeAuthenticateResponse({ userPresence: 1, counter: 0x01020304, signature: bytes('3000') }))).toBe('01010203043000');
  });

  it('round-trips through parseAuthenticateResponse', () => {
    const response = { userPresence: 1, counter: 0xfffffffe, signature: bytes('3006020101020102') };
    expect(parseAuthenticateResponse(encodeAuthenticateResponse(response))).toEqual(response);
  });

  it('refuses values that do not fit', () => {
    const signature = bytes('3000');
    expect(statusWordOf(() => encodeAuthenticateResponse({ userPresence: 256, counter: 0, signature }))).toBe(U2fStatusWord.WRONG_DATA);
    expect(statusWordOf(() => encodeAuthenticateResponse({ userPresence: 1, counter: 2 ** 32, signature }))).toBe(U2fStatusWord.WRONG_DATA);
  });
});
