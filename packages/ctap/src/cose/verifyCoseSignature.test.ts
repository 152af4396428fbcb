import { sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeCbor } from '../cbor/index.js';
import { createKeyPair } from '../keys/createKeyPair.js';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import { CoseAlgorithm } from './CoseAlgorithm.js';
import { coseKeyAgreementFromPublicKey } from './coseKeyAgreementFromPublicKey.js';
import { coseKeyFromPublicKey } from './coseKeyFromPublicKey.js';
import { verifyCoseSignature } from './verifyCoseSignature.js';
import { fromHex } from '../../../../test/support/hex.js';
import { firmwareNames, firmwareVectors } from '../../../../test/support/firmwareVectors.js';

interface Vectors {
  inputs: { clientDataHash: { get: string } };
  getAssertion: { authData: string; signature: string; credentialPublicKeyCose: string };
}
const vectors = firmwareNames.map((file) => ({
  file,
  data: firmwareVectors<Vectors>(file),
}));

describe('verifyCoseSignature', () => {
  it.each(vectors)('verifies the recorded $file assertion over authData || clientDataHash', ({ data }) => {
    const cose = decodeCbor(fromHex(data.getAssertion.credentialPublicKeyCose));
    const signed = fromHex(data.getAssertion.authData + data.inputs.clientDataHash.get);
    const signature = fromHex(data.getAssertion.signature);
    expect(verifyCoseSignature(cose, signed, signature)).toBe(true);
    const tampered = Uint8Array.from(signed);
    tampered[32] = tampered[32]! ^ 0x01; // flip UP in the flags byte
    expect(verifyCoseSignature(cose, tampered, signature)).toBe(false);
  });

  it('verifies ES256 (DER) and EdDSA signatures made by node:crypto', () => {
    const message = new TextEncoder().encode('authData || clientDataHash');
    const ec = createKeyPair('P-256');
    const ecSignature = sign('sha256', message, ec.privateKey);
    expect(verifyCoseSignature(coseKeyFromPublicKey(ec.publicKey, CoseAlgorithm.ES256), message, ecSignature)).toBe(true);
    const ed = createKeyPair('Ed25519');
    const edSignature = sign(null, message, ed.privateKey);
    const edCose = coseKeyFromPublicKey(ed.publicKey, CoseAlgorithm.EdDSA);
    expect(verifyCoseSignature(edCose, message, edSignature)).toBe(true);
    expect(verifyCoseSignature(edCose, message.subarray(1), edSignature)).toBe(false);
  });

  it('treats a malformed signature as invalid rather than throwing', () => {
    const ec = createKeyPair('P-256');
    const cose = coseKeyFromPublicKey(ec.publicKey, CoseAlgorithm.ES256);
    expect(verifyCoseSignature(cose, new Uint8Array(4), new Uint8Array([0x30, 0x02, 0x01]))).toBe(false);
    expect(verifyCoseSignature(cose, new Uint8Array(4), new Uint8Array(64))).toBe(false);
    expect(verifyCoseSignature(cose, new Uint8Array(4), new Uint8Array(0))).toBe(false);
  });

  it('refuses a key-agreement key', () => {
    const ec = createKeyPair('P-256');
    const message = new Uint8Array(8);
    const call = () => verifyCoseSignature(coseKeyAgreementFromPublicKey(ec.publicKey), message, sign('sha256', message, ec.privateKey));
    expect(call).toThrow(CtapError);
    try {
      call();
    } catch (error) {
      expect((error as CtapError).status).toBe(CtapStatus.UNSUPPORTED_ALGORITHM);
    }
  });
});
