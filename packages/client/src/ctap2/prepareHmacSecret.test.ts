import { createHmac } from 'node:crypto';
import { decodeHmacSecretInput, KeyAgreementKeyPair, pinUvAuthProtocol } from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import { prepareHmacSecret } from './prepareHmacSecret.js';

/** The authenticator's half of hmac-secret (CTAP 2.1 §12.5), written out here to check the platform's half. */
function authenticatorSide(key: KeyAgreementKeyPair, input: ReturnType<typeof prepareHmacSecret>['input'], credRandom: Uint8Array) {
  const decoded = decodeHmacSecretInput(input);
  const protocol = pinUvAuthProtocol(decoded.pinUvAuthProtocol ?? 1);
  const shared = key.decapsulate(protocol, decoded.keyAgreement);
  expect(protocol.verify(shared, decoded.saltEnc, decoded.saltAuth)).toBe(true);
  const salts = protocol.decrypt(shared, decoded.saltEnc);
  const outputs = [];
  for (let offset = 0; offset < salts.length; offset += 32) outputs.push(createHmac('sha256', credRandom).update(salts.subarray(offset, offset + 32)).digest());
  return { decoded, encryptedOutput: protocol.encrypt(shared, Buffer.concat(outputs)), outputs };
}

describe('prepareHmacSecret', () => {
  const credRandom = new Uint8Array(32).fill(0x42);
  const salt1 = new Uint8Array(32).fill(1);
  const salt2 = new Uint8Array(32).fill(2);

  it.each([1, 2])('protocol %i: the authenticator recovers the salts and the platform decrypts its outputs', (version) => {
    const key = new KeyAgreementKeyPair();
    const prepared = prepareHmacSecret(pinUvAuthProtocol(version), key.coseKey(), { salt1, salt2 });
    const { decoded, encryptedOutput, outputs } = authenticatorSide(key, prepared.input, credRandom);
    // Protocol 1 is implied by leaving the member out, as CTAP 2.0 authenticators expect.
    expect(decoded.pinUvAuthProtocol).toBe(version === 1 ? undefined : 2);
    const output = prepared.decryptOutput(encryptedOutput);
    expect(output.output1).toEqual(new Uint8Array(outputs[0]!));
    expect(output.output2).toEqual(new Uint8Array(outputs[1]!));
  });

  it('with one salt gives one output, and refuses an output of the wrong size', () => {
    const key = new KeyAgreementKeyPair();
    const prepared = prepareHmacSecret(pinUvAuthProtocol(2), key.coseKey(), { salt1 });
    const { encryptedOutput } = authenticatorSide(key, prepared.input, credRandom);
    expect(prepared.decryptOutput(encryptedOutput).output2).toBeUndefined();
    const shared = key.decapsulate(pinUvAuthProtocol(2), decodeHmacSecretInput(prepared.input).keyAgreement);
    const twoBlocksTooMany = pinUvAuthProtocol(2).encrypt(shared, new Uint8Array(64));
    expect(() => prepared.decryptOutput(twoBlocksTooMany)).toThrow(expect.objectContaining({ code: 'PROTOCOL_ERROR' }));
  });

  it('refuses salts that are not 32 bytes, and a device key that is not a P-256 point', () => {
    const key = new KeyAgreementKeyPair();
    expect(() => prepareHmacSecret(pinUvAuthProtocol(2), key.coseKey(), { salt1: new Uint8Array(31) })).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
    expect(() => prepareHmacSecret(pinUvAuthProtocol(2), key.coseKey(), { salt1, salt2: new Uint8Array(64) })).toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST' }),
    );
    const broken = key.coseKey();
    broken.set(-2, new Uint8Array(32));
    expect(() => prepareHmacSecret(pinUvAuthProtocol(2), broken, { salt1 })).toThrow(expect.objectContaining({ code: 'PROTOCOL_ERROR' }));
  });
});
