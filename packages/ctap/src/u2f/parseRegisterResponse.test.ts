import { X509Certificate, createHash, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeApduResponse } from './decodeApduResponse.js';
import { encodeRegisterResponse } from './encodeRegisterResponse.js';
import { parseRegisterResponse } from './parseRegisterResponse.js';
import { registerSignedData } from './registerSignedData.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';
import { u2fStatusWordOf } from '../../../../test/support/u2fStatusWordOf.js';
import { fromHex, toHex } from '../../../../test/support/hex.js';
import { firmwareNames, firmwareVectors } from '../../../../test/support/firmwareVectors.js';

interface Vectors {
  u2f: {
    applicationParameter: string;
    register: {
      clientData: string;
      challengeParameter: string;
      response: string;
      sw: string;
      parsed: { reserved: string; userPublicKey: string; keyHandle: string; certificate: string; signature: string };
    };
  };
}
const recordings = firmwareNames.map((file) => ({ file, u2f: (firmwareVectors<Vectors>(file)).u2f }));

describe('parseRegisterResponse', () => {
  it.each(recordings)('parses the $file REGISTER response and its signature verifies with the certificate key', ({ u2f }) => {
    const { data, statusWord } = decodeApduResponse(fromHex(u2f.register.response));
    expect(statusWord).toBe(parseInt(u2f.register.sw, 16));
    const parsed = parseRegisterResponse(data);
    const expected = u2f.register.parsed;
    expect(toHex(parsed.userPublicKey)).toBe(expected.userPublicKey);
    expect(toHex(parsed.keyHandle)).toBe(expected.keyHandle);
    expect(toHex(parsed.attestationCertificate)).toBe(expected.certificate);
    expect(toHex(parsed.signature)).toBe(expected.signature);

    const challenge = fromHex(u2f.register.challengeParameter);
    expect(toHex(challenge)).toBe(createHash('sha256').update(u2f.register.clientData).digest('hex'));
    const application = fromHex(u2f.applicationParameter);
    const signed = registerSignedData(application, challenge, parsed.keyHandle, parsed.userPublicKey);
    expect(signed.length).toBe(1 + 32 + 32 + parsed.keyHandle.length + 65);
    const certificateKey = new X509Certificate(parsed.attestationCertificate).publicKey;
    expect(verify('sha256', signed, certificateKey, parsed.signature)).toBe(true);
    expect(verify('sha256', registerSignedData(challenge, application, parsed.keyHandle, parsed.userPublicKey), certificateKey, parsed.signature)).toBe(
      false,
    );

    expect(toHex(encodeRegisterResponse(parsed))).toBe(toHex(data));
  });

  const { data: solo } = decodeApduResponse(fromHex(recordings[0]!.u2f.register.response));

  it('answers with a U2fApduError for every truncation of a real response', () => {
    for (let length = 0; length < solo.length; length++) {
      const statusWord = u2fStatusWordOf(() => parseRegisterResponse(solo.subarray(0, length)));
      expect([U2fStatusWord.WRONG_LENGTH, U2fStatusWord.WRONG_DATA], `truncated to ${length}`).toContain(statusWord);
    }
    // Cut inside the certificate or the signature: the DER lengths say data is missing.
    expect(u2fStatusWordOf(() => parseRegisterResponse(solo.subarray(0, 200)))).toBe(U2fStatusWord.WRONG_LENGTH);
    expect(u2fStatusWordOf(() => parseRegisterResponse(solo.subarray(0, solo.length - 1)))).toBe(U2fStatusWord.WRONG_LENGTH);
  });

  it('answers WRONG_DATA for a wrong reserved byte, a compressed key, or bytes after the signature', () => {
    const reserved = Uint8Array.from(solo);
    reserved[0] = 0x00;
    expect(u2fStatusWordOf(() => parseRegisterResponse(reserved))).toBe(U2fStatusWord.WRONG_DATA);
    const compressed = Uint8Array.from(solo);
    compressed[1] = 0x02;
    expect(u2fStatusWordOf(() => parseRegisterResponse(compressed))).toBe(U2fStatusWord.WRONG_DATA);
    expect(u2fStatusWordOf(() => parseRegisterResponse(new Uint8Array([...solo, 0x00])))).toBe(U2fStatusWord.WRONG_DATA);
  });

  it('answers WRONG_DATA when the key handle length points into the certificate', () => {
    const longer = Uint8Array.from(solo);
    longer[66] = longer[66]! + 1;
    expect(u2fStatusWordOf(() => parseRegisterResponse(longer))).toBe(U2fStatusWord.WRONG_DATA);
  });
});
