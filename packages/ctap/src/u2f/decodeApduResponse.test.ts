import { describe, expect, it } from 'vitest';
import { decodeApduResponse } from './decodeApduResponse.js';
import { encodeApduResponse } from './encodeApduResponse.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';

describe('decodeApduResponse / encodeApduResponse', () => {
  it('splits the recorded VERSION answer into "U2F_V2" and 9000', () => {
    const { data, statusWord } = decodeApduResponse(new Uint8Array(Buffer.from('5532465f56329000', 'hex')));
    expect(new TextDecoder().decode(data)).toBe('U2F_V2');
    expect(statusWord).toBe(U2fStatusWord.NO_ERROR);
    expect(Buffer.from(encodeApduResponse(data, statusWord)).toString('hex')).toBe('5532465f56329000');
  });

  it('encodes a bare status word', () => {
    expect(Buffer.from(encodeApduResponse(new Uint8Array(0), U2fStatusWord.WRONG_DATA)).toString('hex')).toBe('6a80');
  });

  it('answers 6700 for a response without a status word', () => {
    for (const length of [0, 1]) {
      try {
        decodeApduResponse(new Uint8Array(length));
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(U2fApduError);
        expect((error as U2fApduError).statusWord).toBe(U2fStatusWord.WRONG_LENGTH);
      }
    }
  });
});
