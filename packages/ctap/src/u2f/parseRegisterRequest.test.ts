import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeApdu } from './decodeApdu.js';
import { encodeRegisterRequest } from './encodeRegisterRequest.js';
import { parseRegisterRequest } from './parseRegisterRequest.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';

const vectorsDir = new URL('../../../../../shared/fixtures/firmware-vectors/', import.meta.url);
interface Vectors {
  u2f: { applicationParameter: string; register: { apdu: string; challengeParameter: string } };
}
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

describe('parseRegisterRequest', () => {
  it.each(['solo.json', 'canokey.json'])('reads challenge then application from the %s REGISTER APDU', (file) => {
    const { u2f } = JSON.parse(readFileSync(new URL(file, vectorsDir), 'utf8')) as Vectors;
    const { data } = decodeApdu(bytes(u2f.register.apdu));
    const request = parseRegisterRequest(data);
    expect(hex(request.challenge)).toBe(u2f.register.challengeParameter);
    expect(hex(request.application)).toBe(u2f.applicationParameter);
    expect(hex(encodeRegisterRequest(request))).toBe(hex(data));
  });

  it.each([0, 32, 63, 65, 128])('answers 6700 for %d bytes of data', (length) => {
    expect(statusWordOf(() => parseRegisterRequest(new Uint8Array(length)))).toBe(U2fStatusWord.WRONG_LENGTH);
  });

  it('refuses to encode parameters that are not 32 bytes', () => {
    expect(statusWordOf(() => encodeRegisterRequest({ challenge: new Uint8Array(31), application: new Uint8Array(32) }))).toBe(U2fStatusWord.WRONG_LENGTH);
  });
});
