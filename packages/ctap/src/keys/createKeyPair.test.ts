import { sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyPair } from './createKeyPair.js';

describe('createKeyPair', () => {
  it.each([
    ['P-256', 'ec', 'prime256v1', 'sha256'],
    ['P-384', 'ec', 'secp384r1', 'sha384'],
    ['Ed25519', 'ed25519', undefined, null],
  ] as const)('makes a working %s pair that can be inspected', (kind, type, namedCurve, digest) => {
    const { privateKey, publicKey } = createKeyPair(kind);
    expect(privateKey.type).toBe('private');
    expect(publicKey.type).toBe('public');
    expect(privateKey.asymmetricKeyType).toBe(type);
    expect(publicKey.asymmetricKeyDetails?.namedCurve).toBe(namedCurve);
    const signature = sign(digest, Buffer.from('data'), privateKey);
    expect(verify(digest, Buffer.from('data'), publicKey, signature)).toBe(true);
    expect(verify(digest, Buffer.from('other'), publicKey, signature)).toBe(false);
  });

  it('makes a different key each time', () => {
    const spki = () => createKeyPair('P-256').publicKey.export({ format: 'der', type: 'spki' }).toString('hex');
    expect(spki()).not.toBe(spki());
  });
});
