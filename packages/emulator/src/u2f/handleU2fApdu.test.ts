import { createHash, createPublicKey, verify, X509Certificate } from 'node:crypto';
import {
  U2fAuthenticateControl,
  U2fInstruction,
  U2fStatusWord,
  authenticateSignedData,
  decodeApduResponse,
  encodeApdu,
  encodeAuthenticateRequest,
  encodeRegisterRequest,
  parseAuthenticateResponse,
  parseRegisterResponse,
  registerSignedData,
} from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../createAuthenticator.js';
import { fixedUserPresence } from '../userPresence/UserPresencePolicy.js';

const sha256 = (text: string) => Uint8Array.from(createHash('sha256').update(text).digest());
const application = sha256('https://example.org');
const challenge = sha256('challenge');

function apdu(ins: number, data: Uint8Array, p1 = 0): Uint8Array {
  return encodeApdu({ cla: 0, ins, p1, p2: 0, data });
}

function userPublicKeyObject(point: Uint8Array) {
  return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: Buffer.from(point.subarray(1, 33)).toString('base64url'), y: Buffer.from(point.subarray(33)).toString('base64url') }, format: 'jwk' });
}

describe('CTAP1/U2F', () => {
  it('answers VERSION with U2F_V2', async () => {
    const authenticator = await createAuthenticator();
    const { data, statusWord } = decodeApduResponse(await authenticator.handleU2f(apdu(U2fInstruction.VERSION, new Uint8Array(0))));
    expect(statusWord).toBe(U2fStatusWord.NO_ERROR);
    expect(new TextDecoder().decode(data)).toBe('U2F_V2');
  });

  it('registers with a fido-u2f attestation signed by the batch key and authenticates with a rising counter', async () => {
    const authenticator = await createAuthenticator();
    const registration = decodeApduResponse(await authenticator.handleU2f(apdu(U2fInstruction.REGISTER, encodeRegisterRequest({ challenge, application }))));
    expect(registration.statusWord).toBe(U2fStatusWord.NO_ERROR);
    const registered = parseRegisterResponse(registration.data);
    const certificate = new X509Certificate(registered.attestationCertificate);
    expect(verify('sha256', registerSignedData(application, challenge, registered.keyHandle, registered.userPublicKey), certificate.publicKey, registered.signature)).toBe(true);

    const request = encodeAuthenticateRequest({ challenge, application, keyHandle: registered.keyHandle });
    const counters: number[] = [];
    for (let i = 0; i < 2; i++) {
      const answer = decodeApduResponse(await authenticator.handleU2f(apdu(U2fInstruction.AUTHENTICATE, request, U2fAuthenticateControl.ENFORCE)));
      expect(answer.statusWord).toBe(U2fStatusWord.NO_ERROR);
      const signed = parseAuthenticateResponse(answer.data);
      expect(signed.userPresence).toBe(1);
      expect(verify('sha256', authenticateSignedData(application, 1, signed.counter, challenge), userPublicKeyObject(registered.userPublicKey), signed.signature)).toBe(true);
      counters.push(signed.counter);
    }
    expect(counters[1]).toBeGreaterThan(counters[0]!);

    // Check-only: a known key handle answers "conditions not satisfied", an unknown one "wrong data".
    const checkOnly = await authenticator.handleU2f(apdu(U2fInstruction.AUTHENTICATE, request, U2fAuthenticateControl.CHECK_ONLY));
    expect(decodeApduResponse(checkOnly).statusWord).toBe(U2fStatusWord.CONDITIONS_NOT_SATISFIED);
    const otherApp = encodeAuthenticateRequest({ challenge, application: sha256('https://evil.example'), keyHandle: registered.keyHandle });
    expect(decodeApduResponse(await authenticator.handleU2f(apdu(U2fInstruction.AUTHENTICATE, otherApp, U2fAuthenticateControl.CHECK_ONLY))).statusWord).toBe(U2fStatusWord.WRONG_DATA);

    // Don't-enforce signs without a touch and says so in the presence byte.
    const dontEnforce = decodeApduResponse(await authenticator.handleU2f(apdu(U2fInstruction.AUTHENTICATE, request, U2fAuthenticateControl.DONT_ENFORCE)));
    expect(parseAuthenticateResponse(dontEnforce.data).userPresence).toBe(0);
  });

  it('answers 6985 without a touch, and accepts the request that follows a late touch', async () => {
    const denied = await createAuthenticator({ userPresence: fixedUserPresence('deny') });
    const register = apdu(U2fInstruction.REGISTER, encodeRegisterRequest({ challenge, application }));
    expect(decodeApduResponse(await denied.handleU2f(register)).statusWord).toBe(U2fStatusWord.CONDITIONS_NOT_SATISFIED);

    const slow = await createAuthenticator({ userPresence: fixedUserPresence('approve', 50) });
    expect(decodeApduResponse(await slow.handleU2f(register)).statusWord).toBe(U2fStatusWord.CONDITIONS_NOT_SATISFIED);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(decodeApduResponse(await slow.handleU2f(register)).statusWord).toBe(U2fStatusWord.NO_ERROR);
    // The touch was consumed by that request.
    expect(decodeApduResponse(await slow.handleU2f(register)).statusWord).toBe(U2fStatusWord.CONDITIONS_NOT_SATISFIED);
  });

  it.each([
    ['a wrong class byte', Uint8Array.of(0x80, U2fInstruction.VERSION, 0, 0, 0), U2fStatusWord.CLA_NOT_SUPPORTED],
    ['an unknown instruction', Uint8Array.of(0, 0x55, 0, 0, 0), U2fStatusWord.INS_NOT_SUPPORTED],
    ['a REGISTER with 63 bytes', apdu(U2fInstruction.REGISTER, new Uint8Array(63)), U2fStatusWord.WRONG_LENGTH],
    ['an AUTHENTICATE whose key handle length lies', apdu(U2fInstruction.AUTHENTICATE, Uint8Array.of(...new Uint8Array(64), 9, 1, 2), 3), U2fStatusWord.WRONG_LENGTH],
    ['an APDU cut short', Uint8Array.of(0, 1, 0), U2fStatusWord.WRONG_LENGTH],
  ])('answers %s with its status word', async (_name, bytes, statusWord) => {
    const authenticator = await createAuthenticator();
    expect(decodeApduResponse(await authenticator.handleU2f(bytes)).statusWord).toBe(statusWord);
  });
});
