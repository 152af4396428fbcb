import { verify } from 'node:crypto';
import { asInteger, asMap, requiredMember, type CborValue } from '../cbor/index.js';
import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import { CoseAlgorithm } from './CoseAlgorithm.js';
import { CoseKeyLabel } from './CoseKey.js';
import { publicKeyFromCoseKey } from './publicKeyFromCoseKey.js';

/**
 * Checks a WebAuthn signature with a credential's COSE key: ES256 signatures are ASN.1 DER (as WebAuthn and
 * U2F carry them), EdDSA signatures are the 64 raw bytes. A malformed signature is simply not valid (false);
 * a malformed key throws as publicKeyFromCoseKey does, and a key-agreement key (alg -25) is UNSUPPORTED_ALGORITHM.
 */
export function verifyCoseSignature(cose: CborValue, data: Uint8Array, signature: Uint8Array): boolean {
  const key = publicKeyFromCoseKey(cose);
  const alg = requiredMember(asMap(cose, 'COSE key'), CoseKeyLabel.alg, 'COSE key alg', asInteger);
  try {
    if (alg === CoseAlgorithm.ES256) return verify('sha256', data, { key, dsaEncoding: 'der' }, signature);
    if (alg === CoseAlgorithm.EdDSA) return verify(null, data, key, signature);
  } catch {
    return false;
  }
  throw new CtapError(CtapStatus.UNSUPPORTED_ALGORITHM, `alg ${alg} does not sign`);
}
