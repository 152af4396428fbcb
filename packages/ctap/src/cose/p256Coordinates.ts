import { createPublicKey, type KeyObject } from 'node:crypto';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';

/** The affine coordinates (32 bytes each, big-endian) of a P-256 key; any other key is INVALID_PARAMETER. */
export function p256Coordinates(key: KeyObject): { x: Uint8Array; y: Uint8Array } {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ec' || publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new CtapError(CtapStatus.INVALID_PARAMETER, 'expected a P-256 key');
  }
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.x === undefined || jwk.y === undefined) throw new CtapError(CtapStatus.INVALID_PARAMETER, 'P-256 key without coordinates');
  return { x: new Uint8Array(Buffer.from(jwk.x, 'base64url')), y: new Uint8Array(Buffer.from(jwk.y, 'base64url')) };
}
