import { asBytes, asMap, asUnsignedInteger, optionalMember, requiredMember, type CborValue } from '../../cbor/index.js';
import { HmacSecretInputMember as M, type HmacSecretInput } from './HmacSecretInput.js';

/** Reads the hmac-secret getAssertion input {1: keyAgreement, 2: saltEnc, 3: saltAuth, 4: pinUvAuthProtocol}. */
export function decodeHmacSecretInput(value: CborValue | undefined, what = 'hmac-secret'): HmacSecretInput {
  const map = asMap(value, what);
  const input: HmacSecretInput = {
    keyAgreement: requiredMember(map, M.keyAgreement, `${what} keyAgreement`, asMap),
    saltEnc: requiredMember(map, M.saltEnc, `${what} saltEnc`, asBytes),
    saltAuth: requiredMember(map, M.saltAuth, `${what} saltAuth`, asBytes),
  };
  const protocol = optionalMember(map, M.pinUvAuthProtocol, `${what} pinUvAuthProtocol`, asUnsignedInteger);
  if (protocol !== undefined) input.pinUvAuthProtocol = protocol;
  return input;
}
