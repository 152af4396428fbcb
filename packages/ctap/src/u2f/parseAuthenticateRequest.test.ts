import { describe, expect, it } from 'vitest';
import { decodeApdu } from './decodeApdu.js';
import { encodeAuthenticateRequest } from './encodeAuthenticateRequest.js';
import { parseAuthenticateRequest } from './parseAuthenticateRequest.js';
import { U2fAuthenticateControl } from './U2fAuthenticateControl.js';
import { U2fStatusWord } from './U2fStatusWord.js';
import { u2fStatusWordOf } from '../../../../test/support/u2fStatusWordOf.js';
import { fromHex, toHex } from '../../../../test/support/hex.js';
import { firmwareNames, firmwareVectors } from '../../../../test/support/firmwareVectors.js';

interface Vectors {
  u2f: {
    applicationParameter: string;
    register: { parsed: { keyHandle: string } };
    authenticate: { apdu: string; challengeParameter: string };
    authenticateCheckOnly: { apdu: string };
  };
}

describe('parseAuthenticateRequest', () => {
  it.each(firmwareNames)('reads the %s AUTHENTICATE APDUs (enforce and check-only)', (file) => {
    const { u2f } = firmwareVectors<Vectors>(file);
    for (const [apdu, control] of [
      [u2f.authenticate.apdu, U2fAuthenticateControl.ENFORCE],
      [u2f.authenticateCheckOnly.apdu, U2fAuthenticateControl.CHECK_ONLY],
    ] as const) {
      const decoded = decodeApdu(fromHex(apdu));
      expect(decoded.p1).toBe(control);
      const request = parseAuthenticateRequest(decoded.data);
      expect(toHex(request.challenge)).toBe(u2f.authenticate.challengeParameter);
      expect(toHex(request.application)).toBe(u2f.applicationParameter);
      expect(toHex(request.keyHandle)).toBe(u2f.register.parsed.keyHandle);
      expect(toHex(encodeAuthenticateRequest(request))).toBe(toHex(decoded.data));
    }
  });

  it('answers 6700 when the data is too short or the key handle length does not match', () => {
    const request = encodeAuthenticateRequest({ challenge: new Uint8Array(32), application: new Uint8Array(32), keyHandle: new Uint8Array(48).fill(5) });
    expect(u2fStatusWordOf(() => parseAuthenticateRequest(request.subarray(0, 64)))).toBe(U2fStatusWord.WRONG_LENGTH);
    expect(u2fStatusWordOf(() => parseAuthenticateRequest(request.subarray(0, request.length - 1)))).toBe(U2fStatusWord.WRONG_LENGTH);
    expect(u2fStatusWordOf(() => parseAuthenticateRequest(new Uint8Array([...request, 0])))).toBe(U2fStatusWord.WRONG_LENGTH);
    const emptyHandle = Uint8Array.from(request.subarray(0, 65));
    emptyHandle[64] = 0;
    expect(parseAuthenticateRequest(emptyHandle).keyHandle.length).toBe(0);
  });

  it('refuses to encode a key handle longer than 255 bytes', () => {
    expect(
      u2fStatusWordOf(() => encodeAuthenticateRequest({ challenge: new Uint8Array(32), application: new Uint8Array(32), keyHandle: new Uint8Array(256) })),
    ).toBe(U2fStatusWord.WRONG_LENGTH);
  });
});
