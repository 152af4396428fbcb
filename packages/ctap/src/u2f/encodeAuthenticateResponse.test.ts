import { describe, expect, it } from 'vitest';
import { encodeAuthenticateResponse } from './encodeAuthenticateResponse.js';
import { parseAuthenticateResponse } from './parseAuthenticateResponse.js';
import { U2fStatusWord } from './U2fStatusWord.js';
import { u2fStatusWordOf } from '../../../../test/support/u2fStatusWordOf.js';
import { fromHex, toHex } from '../../../../test/support/hex.js';


describe('encodeAuthenticateResponse', () => {
  it('writes presence and a big-endian counter', () => {
    expect(toHex(encodeAuthenticateResponse({ userPresence: 1, counter: 0x01020304, signature: fromHex('3000') }))).toBe('01010203043000');
  });

  it('round-trips through parseAuthenticateResponse', () => {
    const response = { userPresence: 1, counter: 0xfffffffe, signature: fromHex('3006020101020102') };
    expect(parseAuthenticateResponse(encodeAuthenticateResponse(response))).toEqual(response);
  });

  it('refuses values that do not fit', () => {
    const signature = fromHex('3000');
    expect(u2fStatusWordOf(() => encodeAuthenticateResponse({ userPresence: 256, counter: 0, signature }))).toBe(U2fStatusWord.WRONG_DATA);
    expect(u2fStatusWordOf(() => encodeAuthenticateResponse({ userPresence: 1, counter: 2 ** 32, signature }))).toBe(U2fStatusWord.WRONG_DATA);
  });
});
