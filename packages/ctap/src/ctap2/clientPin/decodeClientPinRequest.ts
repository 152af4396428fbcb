import type { CborMap } from '../../cbor/CborValue.js';
import { asBytes, asMap, asText, asUnsignedInteger, optionalMember, requiredMember } from '../../cbor/cborReaders.js';
import { ClientPinRequestKey, type ClientPinRequest } from './ClientPinRequest.js';
import { withDefinedMembers } from '../withDefinedMembers.js';

/**
 * Reads clientPIN parameters as an authenticator receives them: every member present must have its type
 * (CBOR_UNEXPECTED_TYPE), `subCommand` must be there (MISSING_PARAMETER). Unknown keys are ignored.
 */
export function decodeClientPinRequest(map: CborMap): ClientPinRequest {
  const K = ClientPinRequestKey;
  return withDefinedMembers<ClientPinRequest>(
    { subCommand: requiredMember(map, K.subCommand, 'subCommand', asUnsignedInteger) },
    {
      pinUvAuthProtocol: optionalMember(map, K.pinUvAuthProtocol, 'pinUvAuthProtocol', asUnsignedInteger),
      keyAgreement: optionalMember(map, K.keyAgreement, 'keyAgreement', asMap),
      pinUvAuthParam: optionalMember(map, K.pinUvAuthParam, 'pinUvAuthParam', asBytes),
      newPinEnc: optionalMember(map, K.newPinEnc, 'newPinEnc', asBytes),
      pinHashEnc: optionalMember(map, K.pinHashEnc, 'pinHashEnc', asBytes),
      permissions: optionalMember(map, K.permissions, 'permissions', asUnsignedInteger),
      rpId: optionalMember(map, K.rpId, 'rpId', asText),
    },
  );
}
