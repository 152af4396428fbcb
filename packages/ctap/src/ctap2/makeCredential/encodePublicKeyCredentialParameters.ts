import type { CborMap, CborValue } from '../../cbor/index.js';
import type { PublicKeyCredentialParameters } from './PublicKeyCredentialEntities.js';

export function encodePublicKeyCredentialParameters(parameters: PublicKeyCredentialParameters): CborMap {
  return new Map<string, CborValue>([
    ['alg', parameters.alg],
    ['type', parameters.type],
  ]);
}
