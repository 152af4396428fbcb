import { createPublicKey, type KeyObject } from 'node:crypto';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import type { CborValue } from '../cbor/index.js';
import { CoseAlgorithm } from './CoseAlgorithm.js';
import { CoseEllipticCurve, CoseKeyLabel, CoseKeyType, type CoseKey } from './CoseKey.js';
import { p256Coordinates } from './p256Coordinates.js';

/**
 * The COSE_Key of a credential public key, as authenticatorData carries it:
 * ES256 → {1:2, 3:-7, -1:1, -2:x, -3:y}; EdDSA (Ed25519) → {1:1, 3:-8, -1:6, -2:x}.
 * A private key is accepted and its public half encoded. Other algorithms are UNSUPPORTED_ALGORITHM,
 * a key that does not fit the algorithm is INVALID_PARAMETER.
 */
export function coseKeyFromPublicKey(key: KeyObject, alg: number): CoseKey {
  if (alg === CoseAlgorithm.ES256) {
    const { x, y } = p256Coordinates(key);
    return new Map<number, CborValue>([
      [CoseKeyLabel.kty, CoseKeyType.EC2],
      [CoseKeyLabel.alg, CoseAlgorithm.ES256],
      [CoseKeyLabel.crv, CoseEllipticCurve.P256],
      [CoseKeyLabel.x, x],
      [CoseKeyLabel.y, y],
    ]);
  }
  if (alg === CoseAlgorithm.EdDSA) {
    const publicKey = key.type === 'private' ? createPublicKey(key) : key;
    if (publicKey.asymmetricKeyType !== 'ed25519') throw new CtapError(CtapStatus.INVALID_PARAMETER, 'EdDSA needs an Ed25519 key');
    const { x } = publicKey.export({ format: 'jwk' });
    if (x === undefined) throw new CtapError(CtapStatus.INVALID_PARAMETER, 'Ed25519 key without x');
    return new Map<number, CborValue>([
      [CoseKeyLabel.kty, CoseKeyType.OKP],
      [CoseKeyLabel.alg, CoseAlgorithm.EdDSA],
      [CoseKeyLabel.crv, CoseEllipticCurve.Ed25519],
      [CoseKeyLabel.x, new Uint8Array(Buffer.from(x, 'base64url'))],
    ]);
  }
  throw new CtapError(CtapStatus.UNSUPPORTED_ALGORITHM, `cannot encode a COSE key for algorithm ${alg}`);
}
