import { createHash, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authenticateSignedData } from './authenticateSignedData.js';
import { decodeApduResponse } from './decodeApduResponse.js';
import { encodeAuthenticateResponse } from './encodeAuthenticateResponse.js';
import { parseAuthenticateResponse } from './parseAuthenticateResponse.js';
import { U2fStatusWord } from './U2fStatusWord.js';
import { u2fStatusWordOf } from '../../../../test/support/u2fStatusWordOf.js';
import { fromHex, toHex } from '../../../../test/support/hex.js';
import { firmwareNames, firmwareVectors } from '../../../../test/support/firmwareVectors.js';

interface Vectors {
  u2f: {
    applicationParameter: string;
    register: { parsed: { userPublicKey: string } };
    authenticate: { clientData: string; challengeParameter: string; response: string; parsed: { userPresence: number; counter: number; signature: string } };
    authenticateCheckOnly: { response: string; sw: string };
  };
}
const recordings = firmwareNames.map((file) => ({ file, u2f: (firmwareVectors<Vectors>(file)).u2f }));

/** The user public key (04 || x || y) as a KeyObject. */
function userKey(point: Uint8Array) {
  const b64 = (part: Uint8Array) => Buffer.from(part).toString('base64url');
  return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64(point.subarray(1, 33)), y: b64(point.subarray(33)) }, format: 'jwk' });
}

describe('parseAuthenticateResponse', () => {
  it.each(recordings)('parses the $file AUTHENTICATE response and its signature verifies with the user key', ({ u2f }) => {
    const { data, statusWord } = decodeApduResponse(fromHex(u2f.authenticate.response));
    expect(statusWord).toBe(U2fStatusWord.NO_ERROR);
    const parsed = parseAuthenticateResponse(data);
    expect(parsed.userPresence).toBe(u2f.authenticate.parsed.userPresence);
    expect(parsed.counter).toBe(u2f.authenticate.parsed.counter);
    expect(toHex(parsed.signature)).toBe(u2f.authenticate.parsed.signature);

    const challenge = fromHex(u2f.authenticate.challengeParameter);
    expect(toHex(challenge)).toBe(createHash('sha256').update(u2f.authenticate.clientData).digest('hex'));
    const application = fromHex(u2f.applicationParameter);
    const key = userKey(fromHex(u2f.register.parsed.userPublicKey));
    expect(verify('sha256', authenticateSignedData(application, parsed.userPresence, parsed.counter, challenge), key, parsed.signature)).toBe(true);
    expect(verify('sha256', authenticateSignedData(application, parsed.userPresence, parsed.counter + 1, challenge), key, parsed.signature)).toBe(false);

    expect(toHex(encodeAuthenticateResponse(parsed))).toBe(toHex(data));
  });

  it.each(recordings)('reads the $file check-only answer as a bare 6985', ({ u2f }) => {
    const { data, statusWord } = decodeApduResponse(fromHex(u2f.authenticateCheckOnly.response));
    expect(data.length).toBe(0);
    expect(statusWord).toBe(U2fStatusWord.CONDITIONS_NOT_SATISFIED);
  });

  const { data: real } = decodeApduResponse(fromHex(recordings[0]!.u2f.authenticate.response));

  it('answers WRONG_LENGTH for every truncation of a real response', () => {
    for (let length = 0; length < real.length; length++) {
      expect(u2fStatusWordOf(() => parseAuthenticateResponse(real.subarray(0, length))), `truncated to ${length}`).toBe(U2fStatusWord.WRONG_LENGTH);
    }
  });

  it('answers WRONG_DATA for a signature that is not one DER element', () => {
    expect(u2fStatusWordOf(() => parseAuthenticateResponse(new Uint8Array([...real, 0])))).toBe(U2fStatusWord.WRONG_DATA);
    expect(u2fStatusWordOf(() => parseAuthenticateResponse(new Uint8Array([1, 0, 0, 0, 1, ...new Uint8Array(64)])))).toBe(U2fStatusWord.WRONG_DATA);
  });
});
