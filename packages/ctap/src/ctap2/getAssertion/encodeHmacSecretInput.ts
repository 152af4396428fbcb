import type { CborMap, CborValue } from '../../cbor/index.js';
import { HmacSecretInputMember as M, type HmacSecretInput } from './HmacSecretInput.js';

/** The hmac-secret getAssertion input map, to put under "hmac-secret" in the request's extensions. */
export function encodeHmacSecretInput(input: HmacSecretInput): CborMap {
  const map = new Map<number, CborValue>([
    [M.keyAgreement, input.keyAgreement],
    [M.saltEnc, input.saltEnc],
    [M.saltAuth, input.saltAuth],
  ]);
  if (input.pinUvAuthProtocol !== undefined) map.set(M.pinUvAuthProtocol, input.pinUvAuthProtocol);
  return map;
}
