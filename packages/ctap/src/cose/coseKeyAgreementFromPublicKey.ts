import type { KeyObject } from 'node:crypto';
import type { CborValue } from '../cbor/index.js';
import { CoseAlgorithm } from './CoseAlgorithm.js';
import { CoseEllipticCurve, CoseKeyLabel, CoseKeyType, type CoseKey } from './CoseKey.js';
import { p256Coordinates } from './p256Coordinates.js';

/**
 * The clientPIN key-agreement form of a P-256 public key: {1:2, 3:-25, -1:1, -2:x, -3:y}
 * (CTAP 2.1 §6.5.6 getPublicKey; -25 labels the key, it is "not the algorithm actually used").
 * A private key is accepted and its public half encoded; a non-P-256 key is INVALID_PARAMETER.
 */
export function coseKeyAgreementFromPublicKey(key: KeyObject): CoseKey {
  const { x, y } = p256Coordinates(key);
  return new Map<number, CborValue>([
    [CoseKeyLabel.kty, CoseKeyType.EC2],
    [CoseKeyLabel.alg, CoseAlgorithm.ECDH_ES_HKDF_256],
    [CoseKeyLabel.crv, CoseEllipticCurve.P256],
    [CoseKeyLabel.x, x],
    [CoseKeyLabel.y, y],
  ]);
}
