import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeApduResponse } from './decodeApduResponse.js';
import { encodeRegisterResponse } from './encodeRegisterResponse.js';
import { parseRegisterResponse } from './parseRegisterResponse.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';

const vectorsDir = new URL('../../../../../shared/fixtures/firmware-vectors/', import.meta.url);
const canokey = JSON.parse(readFileSync(new URL('canokey.json', vectorsDir), 'utf8')) as { u2f: { register: { response: string } } };
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

describe('encodeRegisterResponse', () => {
  const { data } = decodeApduResponse(bytes(canokey.u2f.register.response));
  const parsed = parseRegisterResponse(data);

  it('lays out 05 || userPublicKey || L || keyHandle || certificate || signature', () => {
    const encoded = encodeRegisterResponse(parsed);
    expect(hex(encoded)).toBe(hex(data));
    expect(encoded[0]).toBe(0x05);
    expect(encoded[66]).toBe(parsed.keyHandle.length);
    expect(hex(encoded.subarray(67 + parsed.keyHandle.length, 67 + parsed.keyHandle.length + parsed.attestationCertificate.length))).toBe(
      hex(parsed.attestationCertificate),
    );
  });


  it('refuses parts the parser could not split again', () => {
    expect(statusWordOf(() => encodeRegisterResponse({ ...parsed, userPublicKey: parsed.userPublicKey.subarray(0, 33) }))).toBe(U2fStatusWord.WRONG_DATA);
    expect(statusWordOf(() => encodeRegisterResponse({ ...parsed, keyHandle: new Uint8Array(256) }))).toBe(U2fStatusWord.WRONG_LENGTH);
    expect(statusWordOf(() => encodeRegisterResponse({ ...parsed, attestationCertificate: new Uint8Array([...parsed.attestationCertificate, 0]) }))).toBe(
      U2fStatusWord.WRONG_DATA,
    );
    expect(statusWordOf(() => encodeRegisterResponse({ ...parsed, signature: parsed.signature.subarray(0, 10) }))).toBe(U2fStatusWord.WRONG_LENGTH);
  });
});
