import { createPublicKey, type KeyObject } from 'node:crypto';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';

const P256_FIELD_PRIME = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;

function toBigInt(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

/**
 * Imports a P-256 public key from its big-endian coordinates. They must be 32 bytes, canonical (below the field
 * prime, so no two encodings name one point) and on the curve (OpenSSL checks that on import).
 * Anything else is INVALID_PARAMETER, never a node:crypto error.
 */
export function p256PublicKeyFromCoordinates(x: Uint8Array, y: Uint8Array): KeyObject {
  if (x.length !== 32 || y.length !== 32) throw new CtapError(CtapStatus.INVALID_PARAMETER, 'P-256 coordinates must be 32 bytes');
  if (toBigInt(x) >= P256_FIELD_PRIME || toBigInt(y) >= P256_FIELD_PRIME) {
    throw new CtapError(CtapStatus.INVALID_PARAMETER, 'P-256 coordinate out of range');
  }
  try {
    return createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: Buffer.from(x).toString('base64url'), y: Buffer.from(y).toString('base64url') },
      format: 'jwk',
    });
  } catch {
    throw new CtapError(CtapStatus.INVALID_PARAMETER, 'point is not on P-256');
  }
}
