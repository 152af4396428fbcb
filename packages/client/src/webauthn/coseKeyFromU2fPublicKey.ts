import { CoseAlgorithm, CoseEllipticCurve, CoseKeyLabel, CoseKeyType, type CborValue, type CoseKey } from '@keybridge/ctap';
import { CtapClientError } from '../CtapClientError.js';

/** A U2F user public key (uncompressed P-256 point 04 || x || y) as the COSE ES256 key authenticatorData carries. */
export function coseKeyFromU2fPublicKey(point: Uint8Array): CoseKey {
  if (point.length !== 65 || point[0] !== 0x04) throw new CtapClientError('PROTOCOL_ERROR', 'U2F public key is not an uncompressed P-256 point');
  return new Map<number, CborValue>([
    [CoseKeyLabel.kty, CoseKeyType.EC2],
    [CoseKeyLabel.alg, CoseAlgorithm.ES256],
    [CoseKeyLabel.crv, CoseEllipticCurve.P256],
    [CoseKeyLabel.x, point.slice(1, 33)],
    [CoseKeyLabel.y, point.slice(33, 65)],
  ]);
}
