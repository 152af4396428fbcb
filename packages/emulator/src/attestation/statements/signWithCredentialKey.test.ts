import { verify } from 'node:crypto';
import { createKeyPair, CtapError, CtapStatus } from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import { signWithCredentialKey } from './signWithCredentialKey.js';

const data = new TextEncoder().encode('authData || clientDataHash');

describe('signWithCredentialKey', () => {
  it('signs ES256 as an ASN.1 DER ECDSA-Sig-Value', () => {
    const { privateKey, publicKey } = createKeyPair('P-256');
    const signature = signWithCredentialKey(privateKey, -7, data);
    expect(signature[0]).toBe(0x30);
    expect(signature[1]).toBe(signature.length - 2);
    expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(true);
    expect(verify('sha256', data.subarray(1), { key: publicKey, dsaEncoding: 'der' }, signature)).toBe(false);
  });

  it('signs EdDSA as the 64 raw bytes of Ed25519', () => {
    const { privateKey, publicKey } = createKeyPair('Ed25519');
    const signature = signWithCredentialKey(privateKey, -8, data);
    expect(signature).toHaveLength(64);
    expect(verify(null, data, publicKey, signature)).toBe(true);
  });

  it('answers UNSUPPORTED_ALGORITHM for any other algorithm', () => {
    const { privateKey } = createKeyPair('P-256');
    for (const algorithm of [-257, -35, -25]) {
      let status: number | undefined;
      try {
        signWithCredentialKey(privateKey, algorithm, data);
      } catch (error) {
        status = error instanceof CtapError ? error.status : undefined;
      }
      expect(status, `algorithm ${algorithm}`).toBe(CtapStatus.UNSUPPORTED_ALGORITHM);
    }
  });
});
