import { asInteger, asMap, asText, requiredMember, type CborValue } from '../../cbor/index.js';
import type { PublicKeyCredentialParameters } from './PublicKeyCredentialEntities.js';

/** One pubKeyCredParams element: `type` (text) and `alg` (integer) are both required; other members are ignored. */
export function decodePublicKeyCredentialParameters(value: CborValue | undefined, what: string): PublicKeyCredentialParameters {
  const map = asMap(value, what);
  return {
    type: requiredMember(map, 'type', `${what}.type`, asText),
    alg: requiredMember(map, 'alg', `${what}.alg`, asInteger),
  };
}
