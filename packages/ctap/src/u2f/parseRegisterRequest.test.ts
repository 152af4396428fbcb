import { describe, expect, it } from 'vitest';
import { decodeApdu } from './decodeApdu.js';
import { encodeRegisterRequest } from './encodeRegisterRequest.js';
import { parseRegisterRequest } from './parseRegisterRequest.js';
import { U2fStatusWord } from './U2fStatusWord.js';
import { u2fStatusWordOf } from '../../../../test/support/u2fStatusWordOf.js';
import { fromHex, toHex } from '../../../../test/support/hex.js';
import { firmwareNames, firmwareVectors } from '../../../../test/support/firmwareVectors.js';

interface Vectors {
  u2f: { applicationParameter: string; register: { apdu: string; challengeParameter: string } };
}

describe('parseRegisterRequest', () => {
  it.each(firmwareNames)('reads challenge then application from the %s REGISTER APDU', (file) => {
    const { u2f } = firmwareVectors<Vectors>(file);
    const { data } = decodeApdu(fromHex(u2f.register.apdu));
    const request = parseRegisterRequest(data);
    expect(toHex(request.challenge)).toBe(u2f.register.challengeParameter);
    expect(toHex(request.application)).toBe(u2f.applicationParameter);
    expect(toHex(encodeRegisterRequest(request))).toBe(toHex(data));
  });

  it.each([0, 32, 63, 65, 128])('answers 6700 for %d bytes of data', (length) => {
    expect(u2fStatusWordOf(() => parseRegisterRequest(new Uint8Array(length)))).toBe(U2fStatusWord.WRONG_LENGTH);
  });

  it('refuses to encode parameters that are not 32 bytes', () => {
    expect(u2fStatusWordOf(() => encodeRegisterRequest({ challenge: new Uint8Array(31), application: new Uint8Array(32) }))).toBe(U2fStatusWord.WRONG_LENGTH);
  });
});
