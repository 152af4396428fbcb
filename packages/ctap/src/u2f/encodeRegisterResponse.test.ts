import { describe, expect, it } from 'vitest';
import { decodeApduResponse } from './decodeApduResponse.js';
import { encodeRegisterResponse } from './encodeRegisterResponse.js';
import { parseRegisterResponse } from './parseRegisterResponse.js';
import { U2fStatusWord } from './U2fStatusWord.js';
import { u2fStatusWordOf } from '../../../../test/support/u2fStatusWordOf.js';
import { fromHex, toHex } from '../../../../test/support/hex.js';
import { firmwareVectors } from '../../../../test/support/firmwareVectors.js';

const canokey = firmwareVectors('canokey') as { u2f: { register: { response: string } } };

describe('encodeRegisterResponse', () => {
  const { data } = decodeApduResponse(fromHex(canokey.u2f.register.response));
  const parsed = parseRegisterResponse(data);

  it('lays out 05 || userPublicKey || L || keyHandle || certificate || signature', () => {
    const encoded = encodeRegisterResponse(parsed);
    expect(toHex(encoded)).toBe(toHex(data));
    expect(encoded[0]).toBe(0x05);
    expect(encoded[66]).toBe(parsed.keyHandle.length);
    expect(toHex(encoded.subarray(67 + parsed.keyHandle.length, 67 + parsed.keyHandle.length + parsed.attestationCertificate.length))).toBe(
      toHex(parsed.attestationCertificate),
    );
  });


  it('refuses parts the parser could not split again', () => {
    expect(u2fStatusWordOf(() => encodeRegisterResponse({ ...parsed, userPublicKey: parsed.userPublicKey.subarray(0, 33) }))).toBe(U2fStatusWord.WRONG_DATA);
    expect(u2fStatusWordOf(() => encodeRegisterResponse({ ...parsed, keyHandle: new Uint8Array(256) }))).toBe(U2fStatusWord.WRONG_LENGTH);
    expect(u2fStatusWordOf(() => encodeRegisterResponse({ ...parsed, attestationCertificate: new Uint8Array([...parsed.attestationCertificate, 0]) }))).toBe(
      U2fStatusWord.WRONG_DATA,
    );
    expect(u2fStatusWordOf(() => encodeRegisterResponse({ ...parsed, signature: parsed.signature.subarray(0, 10) }))).toBe(U2fStatusWord.WRONG_LENGTH);
  });
});
