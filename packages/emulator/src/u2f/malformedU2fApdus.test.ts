// A fuzz harness for the emulator's U2F APDU parser: a REGISTER, an AUTHENTICATE with a key handle it made, and a
// VERSION, garbled at random, must each be answered with a status word the U2F specification defines, never with
// 6F00 (the emulator's "internal error": an exception it did not expect) and never by throwing.
import { createHash } from 'node:crypto';
import {
  decodeApduResponse,
  encodeApdu,
  encodeAuthenticateRequest,
  encodeRegisterRequest,
  parseRegisterResponse,
  U2fAuthenticateControl,
  U2fInstruction,
  U2fStatusWord,
} from '@keybridge/ctap';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzRuns, garbledBytes } from '../../../../test/support/garbledBytes.js';
import { createAuthenticator } from '../createAuthenticator.js';

const sha256 = (text: string) => Uint8Array.from(createHash('sha256').update(text).digest());
const application = sha256('https://example.org');
const challenge = sha256('challenge');
const definedStatusWords = new Set<number>(Object.values(U2fStatusWord));

describe('garbled U2F APDUs (fuzz harness of the emulator U2F parser)', () => {
  it('answers each with a defined status word, never 6F00 or a throw', async () => {
    const authenticator = await createAuthenticator();
    const register = encodeApdu({ cla: 0, ins: U2fInstruction.REGISTER, p1: 0, p2: 0, data: encodeRegisterRequest({ challenge, application }) });
    const { keyHandle } = parseRegisterResponse(decodeApduResponse(await authenticator.handleU2f(register)).data);
    const samples = [
      register,
      encodeApdu({ cla: 0, ins: U2fInstruction.AUTHENTICATE, p1: U2fAuthenticateControl.ENFORCE, p2: 0, data: encodeAuthenticateRequest({ challenge, application, keyHandle }) }),
      encodeApdu({ cla: 0, ins: U2fInstruction.VERSION, p1: 0, p2: 0, data: new Uint8Array(0) }),
    ];
    for (const sample of samples) {
      expect(decodeApduResponse(await authenticator.handleU2f(sample)).statusWord).toBe(U2fStatusWord.NO_ERROR);
      await fc.assert(
        fc.asyncProperty(garbledBytes(sample), async (apdu) => {
          const answer = await authenticator.handleU2f(apdu);
          const { statusWord } = decodeApduResponse(answer);
          expect(definedStatusWords.has(statusWord), `status word ${statusWord.toString(16)}`).toBe(true);
        }),
        { numRuns: fuzzRuns },
      );
    }
  });
});
