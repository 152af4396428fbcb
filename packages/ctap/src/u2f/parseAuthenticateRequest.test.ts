import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeApdu } from './decodeApdu.js';
import { encodeAuthenticateRequest } from './encodeAuthenticateRequest.js';
import { parseAuthenticateRequest } from './parseAuthenticateRequest.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fAuthenticateControl } from './U2fAuthenticateControl.js';
import { U2fStatusWord } from './U2fStatusWord.js';

const vectorsDir = new URL('../../../../../shared/fixtures/firmware-vectors/', import.meta.url);
interface Vectors {
  u2f: {
    applicationParameter: string;
    register: { parsed: { keyHandle: string } };
    authenticate: { apdu: string; challengeParameter: string };
    authenticateCheckOnly: { apdu: string };
  };
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

describe('parseAuthenticateRequest', () => {
  it.each(['solo.json', 'canokey.json'])('reads the %s AUTHENTICATE APDUs (enforce and check-only)', (file) => {
    const { u2f } = JSON.parse(readFileSync(new URL(file, vectorsDir), 'utf8')) as Vectors;
    for (const [apdu, control] of [
      [u2f.authenticate.apdu, U2fAuthenticateControl.ENFORCE],
      [u2f.authenticateCheckOnly.apdu, U2fAuthenticateControl.CHECK_ONLY],
    ] as const) {
      const decoded = decodeApdu(bytes(apdu));
      expect(decoded.p1).toBe(control);
      const request = parseAuthenticateRequest(decoded.data);
      expect(hex(request.challenge)).toBe(u2f.authenticate.challengeParameter);
      expect(hex(request.application)).toBe(u2f.applicationParameter);
      expect(hex(request.keyHandle)).toBe(u2f.register.parsed.keyHandle);
      expect(hex(encodeAuthenticateRequest(request))).toBe(hex(decoded.data));
    }
  });

  it('answers 6700 when the data is too short or the key handle length does not match', () => {
    const request = encodeAuthenticateRequest({ challenge: new Uint8Array(32), application: new Uint8Array(32), keyHandle: new Uint8Array(48).fill(5) });
    expect(statusWordOf(() => parseAuthenticateRequest(request.subarray(0, 64)))).toBe(U2fStatusWord.WRONG_LENGTH);
    expect(statusWordOf(() => parseAuthenticateRequest(request.subarray(0, request.length - 1)))).toBe(U2fStatusWord.WRONG_LENGTH);
    expect(statusWordOf(() => parseAuthenticateRequest(new Uint8Array([...request, 0])))).toBe(U2fStatusWord.WRONG_LENGTH);
    const emptyHandle = Uint8Array.from(request.subarray(0, 65));
    emptyHandle[64] = 0;
    expect(parseAuthenticateRequest(emptyHandle).keyHandle.length).toBe(0);
  });

  it('refuses to encode a key handle longer than 255 bytes', () => {
    expect(
      statusWordOf(() => encodeAuthenticateRequest({ challenge: new Uint8Array(32), application: new Uint8Array(32), keyHandle: new Uint8Array(256) })),
    ).toBe(U2fStatusWord.WRONG_LENGTH);
  });
});
