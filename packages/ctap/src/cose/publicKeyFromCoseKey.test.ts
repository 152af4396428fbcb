import { describe, expect, it } from 'vitest';
import { decodeCbor, type CborMap, type CborValue } from '../cbor/index.js';
import { createKeyPair } from '../keys/createKeyPair.js';
import { CtapStatus } from '../status/ctapStatus.js';
import { CoseAlgorithm } from './CoseAlgorithm.js';
import { coseKeyFromPublicKey } from './coseKeyFromPublicKey.js';
import { publicKeyFromCoseKey } from './publicKeyFromCoseKey.js';
import { ctapStatusOf } from '../../../../test/support/ctapStatusOf.js';
import { toHex } from '../../../../test/support/hex.js';
import { firmwareNames, firmwareVectors } from '../../../../test/support/firmwareVectors.js';

interface Vectors {
  makeCredential: { credential: { publicKeyCose: string }; authDataParsed: { attestedCredentialData: { credentialPublicKeyDecoded: Record<string, number | string> } } };
}
const vectors = firmwareNames.map((file) => ({
  file,
  data: firmwareVectors<Vectors>(file),
}));


function es256Key(): CborMap {
  return coseKeyFromPublicKey(createKeyPair('P-256').publicKey, CoseAlgorithm.ES256);
}

function withMember(key: CborMap, label: number, value: CborValue | undefined): CborMap {
  const copy = new Map(key);
  if (value === undefined) copy.delete(label);
  else copy.set(label, value);
  return copy;
}

const P256_PRIME = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;
const P256_B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}
const to32 = (n: bigint) => new Uint8Array(Buffer.from(n.toString(16).padStart(64, '0'), 'hex'));

/** A P-256 point with a tiny x, so that x + p still fits 32 bytes (a non-canonical encoding of the same x). */
function pointWithSmallX(): { x: bigint; y: bigint } {
  for (let x = 1n; ; x++) {
    const rhs = (((x * x * x - 3n * x + P256_B) % P256_PRIME) + P256_PRIME) % P256_PRIME;
    const y = modPow(rhs, (P256_PRIME + 1n) / 4n, P256_PRIME); // p ≡ 3 (mod 4)
    if ((y * y) % P256_PRIME === rhs) return { x, y };
  }
}

describe('publicKeyFromCoseKey', () => {
  it.each(vectors)('imports the credential key recorded from $file', ({ data }) => {
    const cose = decodeCbor(new Uint8Array(Buffer.from(data.makeCredential.credential.publicKeyCose, 'hex')));
    const jwk = publicKeyFromCoseKey(cose).export({ format: 'jwk' });
    const decoded = data.makeCredential.authDataParsed.attestedCredentialData.credentialPublicKeyDecoded;
    expect(jwk.crv).toBe('P-256');
    expect(Buffer.from(jwk.x!, 'base64url').toString('hex')).toBe(decoded['-2']);
    expect(Buffer.from(jwk.y!, 'base64url').toString('hex')).toBe(decoded['-3']);
  });

  it('accepts the ECDH-ES+HKDF-256 (-25) label on a P-256 key', () => {
    expect(publicKeyFromCoseKey(withMember(es256Key(), 3, -25)).asymmetricKeyType).toBe('ec');
  });

  it('imports Ed25519 keys', () => {
    const { publicKey } = createKeyPair('Ed25519');
    expect(publicKeyFromCoseKey(coseKeyFromPublicKey(publicKey, CoseAlgorithm.EdDSA)).equals(publicKey)).toBe(true);
  });

  it('answers CBOR_UNEXPECTED_TYPE for a non-map or members of the wrong CBOR type', () => {
    const key = es256Key();
    expect(ctapStatusOf(() => publicKeyFromCoseKey([1, 2]))).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    expect(ctapStatusOf(() => publicKeyFromCoseKey(new Uint8Array(77)))).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(key, 1, 'EC2')))).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(key, 3, new Uint8Array([0x26]))))).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(key, -1, 'P-256')))).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(key, -2, 'x')))).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(key, -3, [1])))).toBe(CtapStatus.CBOR_UNEXPECTED_TYPE);
  });

  it('answers MISSING_PARAMETER for each absent member', () => {
    const key = es256Key();
    for (const label of [1, 3, -1, -2, -3]) {
      expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(key, label, undefined)))).toBe(CtapStatus.MISSING_PARAMETER);
    }
  });

  it('answers INVALID_PARAMETER for unsupported kty/crv/alg combinations', () => {
    const key = es256Key();
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(key, 1, 3)))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(key, 1, 1)))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(key, 3, -8)))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(key, 3, -35)))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(key, -1, 2)))).toBe(CtapStatus.INVALID_PARAMETER);
    const ed = coseKeyFromPublicKey(createKeyPair('Ed25519').publicKey, CoseAlgorithm.EdDSA);
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(ed, -1, 1)))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(ed, 3, -7)))).toBe(CtapStatus.INVALID_PARAMETER);
  });

  it('answers INVALID_PARAMETER for coordinates that are not 32 bytes', () => {
    const key = es256Key();
    const x = key.get(-2) as Uint8Array;
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(key, -2, x.subarray(1))))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(key, -2, new Uint8Array([0, ...x]))))).toBe(CtapStatus.INVALID_PARAMETER);
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(key, -3, new Uint8Array(31))))).toBe(CtapStatus.INVALID_PARAMETER);
    const ed = coseKeyFromPublicKey(createKeyPair('Ed25519').publicKey, CoseAlgorithm.EdDSA);
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(ed, -2, new Uint8Array(33))))).toBe(CtapStatus.INVALID_PARAMETER);
  });

  it('answers INVALID_PARAMETER for a point off the curve', () => {
    const key = es256Key();
    const y = Uint8Array.from(key.get(-3) as Uint8Array);
    y[31] = y[31]! ^ 1;
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(key, -3, y)))).toBe(CtapStatus.INVALID_PARAMETER);
    // y = 2 has no x on edwards25519.
    const notEd = new Uint8Array(32);
    notEd[0] = 2;
    const ed = coseKeyFromPublicKey(createKeyPair('Ed25519').publicKey, CoseAlgorithm.EdDSA);
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(ed, -2, notEd)))).toBe(CtapStatus.INVALID_PARAMETER);
  });

  it('rejects a coordinate encoded as value + p, although it names a point on the curve', () => {
    const { x, y } = pointWithSmallX();
    const key = new Map<number, CborValue>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, to32(x)],
      [-3, to32(y)],
    ]);
    expect(publicKeyFromCoseKey(key).asymmetricKeyType).toBe('ec');
    expect(toHex(to32(x + P256_PRIME)).length).toBe(64);
    expect(ctapStatusOf(() => publicKeyFromCoseKey(withMember(key, -2, to32(x + P256_PRIME))))).toBe(CtapStatus.INVALID_PARAMETER);
  });
});
