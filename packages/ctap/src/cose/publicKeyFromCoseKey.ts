import { createPublicKey, type KeyObject } from 'node:crypto';
import { asBytes, asInteger, asMap, requiredMember, type CborValue } from '../cbor/index.js';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import { CoseAlgorithm } from './CoseAlgorithm.js';
import { CoseEllipticCurve, CoseKeyLabel, CoseKeyType } from './CoseKey.js';
import { isEd25519PointEncoding } from './isEd25519PointEncoding.js';
import { p256PublicKeyFromCoordinates } from './p256PublicKeyFromCoordinates.js';

function invalid(detail: string): CtapError {
  return new CtapError(CtapStatus.INVALID_PARAMETER, detail);
}

/**
 * Imports a COSE_Key: EC2 P-256 with alg ES256 (-7) or ECDH-ES+HKDF-256 (-25, the clientPIN key-agreement
 * form), or OKP Ed25519 with alg EdDSA (-8). The errors follow CTAP2's parameter checks:
 * not a map / a member of the wrong CBOR type → CBOR_UNEXPECTED_TYPE; a missing member → MISSING_PARAMETER;
 * an unsupported kty/crv/alg, a coordinate that is not 32 bytes or a point off the curve → INVALID_PARAMETER.
 */
export function publicKeyFromCoseKey(cose: CborValue): KeyObject {
  const map = asMap(cose, 'COSE key');
  const kty = requiredMember(map, CoseKeyLabel.kty, 'COSE key kty', asInteger);
  const alg = requiredMember(map, CoseKeyLabel.alg, 'COSE key alg', asInteger);

  if (kty === CoseKeyType.EC2) {
    if (alg !== CoseAlgorithm.ES256 && alg !== CoseAlgorithm.ECDH_ES_HKDF_256) throw invalid(`EC2 key with alg ${alg}`);
    const crv = requiredMember(map, CoseKeyLabel.crv, 'COSE key crv', asInteger);
    if (crv !== CoseEllipticCurve.P256) throw invalid(`EC2 key on curve ${crv}`);
    const x = requiredMember(map, CoseKeyLabel.x, 'COSE key x', asBytes);
    const y = requiredMember(map, CoseKeyLabel.y, 'COSE key y', asBytes);
    return p256PublicKeyFromCoordinates(x, y);
  }
  if (kty === CoseKeyType.OKP) {
    if (alg !== CoseAlgorithm.EdDSA) throw invalid(`OKP key with alg ${alg}`);
    const crv = requiredMember(map, CoseKeyLabel.crv, 'COSE key crv', asInteger);
    if (crv !== CoseEllipticCurve.Ed25519) throw invalid(`OKP key on curve ${crv}`);
    const x = requiredMember(map, CoseKeyLabel.x, 'COSE key x', asBytes);
    if (x.length !== 32) throw invalid('Ed25519 x must be 32 bytes');
    if (!isEd25519PointEncoding(x)) throw invalid('x is not an Ed25519 point');
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(x).toString('base64url') }, format: 'jwk' });
  }
  throw invalid(`unsupported COSE key type ${kty}`);
}
