import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../cbor/index.js';
import { createKeyPair } from '../keys/createKeyPair.js';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import { CoseAlgorithm } from './CoseAlgorithm.js';
import { coseKeyFromPublicKey } from './coseKeyFromPublicKey.js';
import { publicKeyFromCoseKey } from './publicKeyFromCoseKey.js';

describe('coseKeyFromPublicKey', () => {
  it('encodes a P-256 key as {1:2, 3:-7, -1:1, -2:x, -3:y}', () => {
    const { publicKey } = createKeyPair('P-256');
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = coseKeyFromPublicKey(publicKey, CoseAlgorithm.ES256);
    expect([...cose.keys()]).toEqual([1, 3, -1, -2, -3]);
    expect(cose.get(1)).toBe(2);
    expect(cose.get(3)).toBe(-7);
    expect(cose.get(-1)).toBe(1);
    expect(Buffer.from(cose.get(-2) as Uint8Array).toString('base64url')).toBe(jwk.x);
    expect(Buffer.from(cose.get(-3) as Uint8Array).toString('base64url')).toBe(jwk.y);
    // Canonical CBOR of an ES256 key: a5 01 02 03 26 20 01 21 58 20 x 22 58 20 y, as the firmwares send it.
    const encoded = encodeCbor(cose);
    expect(encoded.length).toBe(77);
    expect(Buffer.from(encoded.subarray(0, 10)).toString('hex')).toBe('a50102032620012158' + '20');
  });

  it('encodes an Ed25519 key as {1:1, 3:-8, -1:6, -2:x}', () => {
    const { publicKey } = createKeyPair('Ed25519');
    const cose = coseKeyFromPublicKey(publicKey, CoseAlgorithm.EdDSA);
    expect([...cose.entries()].filter(([, v]) => typeof v === 'number')).toEqual([
      [1, 1],
      [3, -8],
      [-1, 6],
    ]);
    expect(Buffer.from(cose.get(-2) as Uint8Array).toString('base64url')).toBe(publicKey.export({ format: 'jwk' }).x);
    expect(cose.has(-3)).toBe(false);
  });

  it('encodes the public half of a private key', () => {
    const { publicKey, privateKey } = createKeyPair('P-256');
    expect(coseKeyFromPublicKey(privateKey, CoseAlgorithm.ES256)).toEqual(coseKeyFromPublicKey(publicKey, CoseAlgorithm.ES256));
  });

  it('round-trips through publicKeyFromCoseKey', () => {
    for (const [type, alg] of [
      ['p256', CoseAlgorithm.ES256],
      ['ed25519', CoseAlgorithm.EdDSA],
    ] as const) {
      const { publicKey } =
        type === 'p256' ? createKeyPair('P-256') : createKeyPair('Ed25519');
      const back = publicKeyFromCoseKey(coseKeyFromPublicKey(publicKey, alg));
      expect(back.equals(publicKey)).toBe(true);
    }
  });

  it('rejects a key that does not fit the algorithm, and algorithms it cannot encode', () => {
    const p384 = createKeyPair('P-384').publicKey;
    const ed = createKeyPair('Ed25519').publicKey;
    const p256 = createKeyPair('P-256').publicKey;
    const status = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error instanceof CtapError ? error.status : 'not a CtapError';
      }
      return 'no error';
    };
    expect(status(() => coseKeyFromPublicKey(p384, CoseAlgorithm.ES256))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(status(() => coseKeyFromPublicKey(ed, CoseAlgorithm.ES256))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(status(() => coseKeyFromPublicKey(p256, CoseAlgorithm.EdDSA))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(status(() => coseKeyFromPublicKey(p256, CoseAlgorithm.RS256))).toBe(CtapStatus.UNSUPPORTED_ALGORITHM);
    expect(status(() => coseKeyFromPublicKey(p256, CoseAlgorithm.ECDH_ES_HKDF_256))).toBe(CtapStatus.UNSUPPORTED_ALGORITHM);
  });
});
