import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor } from '../cbor/index.js';
import { createKeyPair } from '../keys/createKeyPair.js';
import { CtapError } from '../status/CtapError.js';
import { coseKeyAgreementFromPublicKey } from './coseKeyAgreementFromPublicKey.js';
import { publicKeyFromCoseKey } from './publicKeyFromCoseKey.js';
import { firmwareNames, firmwareVectors, type FirmwareName } from '../../../../test/support/firmwareVectors.js';

function authenticatorKeyAgreement(file: FirmwareName): Uint8Array {
  const vectors = firmwareVectors<{ clientPin: { authenticatorKeyAgreementCose: string } }>(file);
  return new Uint8Array(Buffer.from(vectors.clientPin.authenticatorKeyAgreementCose, 'hex'));
}

describe('coseKeyAgreementFromPublicKey', () => {
  it('encodes a P-256 key as {1:2, 3:-25, -1:1, -2:x, -3:y}', () => {
    const { publicKey } = createKeyPair('P-256');
    const cose = coseKeyAgreementFromPublicKey(publicKey);
    expect([...cose.keys()]).toEqual([1, 3, -1, -2, -3]);
    expect([cose.get(1), cose.get(3), cose.get(-1)]).toEqual([2, -25, 1]);
    expect(publicKeyFromCoseKey(cose).equals(publicKey)).toBe(true);
  });

  it.each(firmwareNames)('re-encodes the %s authenticator key agreement byte for byte', (file) => {
    const recorded = authenticatorKeyAgreement(file);
    const key = publicKeyFromCoseKey(decodeCbor(recorded));
    expect(Buffer.from(encodeCbor(coseKeyAgreementFromPublicKey(key))).toString('hex')).toBe(Buffer.from(recorded).toString('hex'));
  });

  it('rejects keys that are not P-256', () => {
    expect(() => coseKeyAgreementFromPublicKey(createKeyPair('Ed25519').publicKey)).toThrow(CtapError);
    expect(() => coseKeyAgreementFromPublicKey(createKeyPair('P-384').publicKey)).toThrow(CtapError);
  });
});
