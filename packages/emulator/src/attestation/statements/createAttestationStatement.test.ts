import { createPrivateKey, verify, X509Certificate } from 'node:crypto';
import { createKeyPair } from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import type { AttestationMaterial } from '../../AuthenticatorCore.js';
import { loadTestAttestationCa } from '../certificates/loadTestAttestationCa.js';
import { createAttestationStatement } from './createAttestationStatement.js';

const ca = loadTestAttestationCa();
const material: AttestationMaterial = {
  certificateDer: new Uint8Array(new X509Certificate(ca.batchCertPem).raw),
  privateKey: createPrivateKey(ca.batchKeyPem),
};
const authData = new Uint8Array(37).fill(0xaa);
const clientDataHash = new Uint8Array(32).fill(0xbb);
const signed = Buffer.concat([authData, clientDataHash]);

describe('createAttestationStatement', () => {
  it('packed: alg -7, sig by the batch key, x5c = [batch certificate issued by the test CA]', () => {
    const credential = createKeyPair('Ed25519');
    const { fmt, attStmt } = createAttestationStatement({ mode: 'packed', material, authData, clientDataHash, credentialKey: credential.privateKey, algorithm: -8 });
    expect(fmt).toBe('packed');
    expect([...attStmt.keys()]).toEqual(['alg', 'sig', 'x5c']);
    expect(attStmt.get('alg')).toBe(-7);
    const [leaf, ...rest] = attStmt.get('x5c') as Uint8Array[];
    expect(rest).toHaveLength(0);
    const certificate = new X509Certificate(Buffer.from(leaf!));
    expect(certificate.verify(new X509Certificate(ca.caCertPem).publicKey)).toBe(true);
    expect(verify('sha256', signed, certificate.publicKey, attStmt.get('sig') as Uint8Array)).toBe(true);
    expect(verify('sha256', signed.subarray(1), certificate.publicKey, attStmt.get('sig') as Uint8Array)).toBe(false);
  });

  it('self: alg of the credential, sig by the credential key, no x5c', () => {
    const es256 = createKeyPair('P-256');
    const ecdsa = createAttestationStatement({ mode: 'self', material, authData, clientDataHash, credentialKey: es256.privateKey, algorithm: -7 });
    expect(ecdsa.fmt).toBe('packed');
    expect([...ecdsa.attStmt.keys()]).toEqual(['alg', 'sig']);
    expect(ecdsa.attStmt.get('alg')).toBe(-7);
    expect(verify('sha256', signed, es256.publicKey, ecdsa.attStmt.get('sig') as Uint8Array)).toBe(true);

    const ed25519 = createKeyPair('Ed25519');
    const eddsa = createAttestationStatement({ mode: 'self', material, authData, clientDataHash, credentialKey: ed25519.privateKey, algorithm: -8 });
    expect(eddsa.attStmt.get('alg')).toBe(-8);
    expect(verify(null, signed, ed25519.publicKey, eddsa.attStmt.get('sig') as Uint8Array)).toBe(true);
  });

  it('none: fmt "none" and an empty statement', () => {
    const credential = createKeyPair('P-256');
    const { fmt, attStmt } = createAttestationStatement({ mode: 'none', material, authData, clientDataHash, credentialKey: credential.privateKey, algorithm: -7 });
    expect(fmt).toBe('none');
    expect(attStmt.size).toBe(0);
  });
});
