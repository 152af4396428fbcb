import { X509Certificate, createHash, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeApduResponse } from './decodeApduResponse.js';
import { encodeRegisterResponse } from './encodeRegisterResponse.js';
import { parseRegisterResponse } from './parseRegisterResponse.js';
import { registerSignedData } from './registerSignedData.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';

const vectorsDir = new URL('../../../../../shared/fixtures/firmware-vectors/', import.meta.url);
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
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
const hex = (value: Uint8Array) => Buffer.from(value).toString('hex');
const recordings = ['solo.json', 'canokey.json'].map((file) => ({ file, u2f: (JSON.parse(readFileSync(new URL(file, vectorsDir), 'utf8')) as Vectors).u2f }));

function statusWordOf(f: () => unknown): number | string {
  try {
    f();
  } catch (error) {
    return error instanceof U2fApduError ? error.statusWord : `not a U2fApduError: ${String(error)}`;
  }
  return 'no error';
}

describe('parseRegisterResponse', () => {
  it.each(recordings)('parses the $file REGISTER response and its signature verifies with the certificate key', ({ u2f }) => {
    const { data, statusWord } = decodeApduResponse(bytes(u2f.register.response));
    expect(statusWord).toBe(parseInt(u2f.register.sw, 16));
    const parsed = parseRegisterResponse(data);
    const expected = u2f.register.parsed;
    expect(hex(parsed.userPublicKey)).toBe(expected.userPublicKey);
    expect(hex(parsed.keyHandle)).toBe(expected.keyHandle);
    expect(hex(parsed.attestationCertificate)).toBe(expected.certificate);
    expect(hex(parsed.signature)).toBe(expected.signature);

    const challenge = bytes(u2f.register.challengeParameter);
    expect(hex(challenge)).toBe(createHash('sha256').update(u2f.register.clientData).digest('hex'));
    const application = bytes(u2f.applicationParameter);
    const signed = registerSignedData(application, challenge, parsed.keyHandle, parsed.userPublicKey);
    expect(signed.length).toBe(1 + 32 + 32 + parsed.keyHandle.length + 65);
    const certificateKey = new X509Certificate(parsed.attestationCertificate).publicKey;
    expect(verify('sha256', signed, certificateKey, parsed.signature)).toBe(true);
    expect(verify('sha256', registerSignedData(challenge, application, parsed.keyHandle, parsed.userPublicKey), certificateKey, parsed.signature)).toBe(
      false,
    );

    expect(hex(encodeRegisterResponse(parsed))).toBe(hex(data));
  });

  const { data: solo } = decodeApduResponse(bytes(recordings[0]!.u2f.register.response));

  it('answers with a U2fApduError for every truncation of a real response', () => {
    for (let length = 0; length < solo.length; length++) {
      const statusWord = statusWordOf(() => parseRegisterResponse(solo.subarray(0, length)));
      expect([U2fStatusWord.WRONG_LENGTH, U2fStatusWord.WRONG_DATA], `truncated to ${length}`).toContain(statusWord);
    }
    // Cut inside the certificate or the signature: the DER lengths say data is missing.
    expect(statusWordOf(() => parseRegisterResponse(solo.subarray(0, 200)))).toBe(U2fStatusWord.WRONG_LENGTH);
    expect(statusWordOf(() => parseRegisterResponse(solo.subarray(0, solo.length - 1)))).toBe(U2fStatusWord.WRONG_LENGTH);
  });

  it('answers WRONG_DATA for a wrong reserved byte, a compressed key, or bytes after the signature', () => {
    const reserved = Uint8Array.from(solo);
    reserved[0] = 0x00;
    expect(statusWordOf(() => parseRegisterResponse(reserved))).toBe(U2fStatusWord.WRONG_DATA);
    const compressed = Uint8Array.from(solo);
    compressed[1] = 0x02;
    expect(statusWordOf(() => parseRegisterResponse(compressed))).toBe(U2fStatusWord.WRONG_DATA);
    expect(statusWordOf(() => parseRegisterResponse(new Uint8Array([...solo, 0x00])))).toBe(U2fStatusWord.WRONG_DATA);
  });

  it('answers WRONG_DATA when the key handle length points into the certificate', () => {
    const longer = Uint8Array.from(solo);
    longer[66] = longer[66]! + 1;
    expect(statusWordOf(() => parseRegisterResponse(longer))).toBe(U2fStatusWord.WRONG_DATA);
  });
});
