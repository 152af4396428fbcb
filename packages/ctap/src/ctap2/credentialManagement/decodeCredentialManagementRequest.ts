import type { CborMap } from '../../cbor/CborValue.js';
import { asBytes, asMap, asUnsignedInteger, optionalMember, requiredMember } from '../../cbor/cborReaders.js';
import { CredentialManagementParamKey, CredentialManagementRequestKey } from './credentialManagementKeys.js';
import type { CredentialManagementSubCommandParams, DecodedCredentialManagementRequest } from './CredentialManagementRequest.js';
import { decodeCredentialDescriptor, decodeUserEntity } from './credentialManagementEntities.js';
import { withDefinedMembers } from '../withDefinedMembers.js';

function decodeSubCommandParams(map: CborMap): CredentialManagementSubCommandParams {
  return withDefinedMembers<CredentialManagementSubCommandParams>(
    {},
    {
      rpIdHash: optionalMember(map, CredentialManagementParamKey.rpIdHash, 'subCommandParams.rpIDHash', asBytes),
      credentialId: optionalMember(map, CredentialManagementParamKey.credentialId, 'subCommandParams.credentialID', decodeCredentialDescriptor),
      user: optionalMember(map, CredentialManagementParamKey.user, 'subCommandParams.user', decodeUserEntity),
    },
  );
}

/**
 * Reads an authenticatorCredentialManagement request. Wrong types are CBOR_UNEXPECTED_TYPE and a missing
 * subCommand is MISSING_PARAMETER; which parameters a sub-command needs is the handler's business, since the
 * spec orders those checks per sub-command. `parameters` is undefined for a message with no CBOR map.
 */
export function decodeCredentialManagementRequest(parameters: CborMap | undefined): DecodedCredentialManagementRequest {
  const map = parameters ?? new Map();
  const request: DecodedCredentialManagementRequest = {
    subCommand: requiredMember(map, CredentialManagementRequestKey.subCommand, 'subCommand', asUnsignedInteger),
  };
  const paramsMap = optionalMember(map, CredentialManagementRequestKey.subCommandParams, 'subCommandParams', asMap);
  const protocol = optionalMember(map, CredentialManagementRequestKey.pinUvAuthProtocol, 'pinUvAuthProtocol', asUnsignedInteger);
  const pinUvAuthParam = optionalMember(map, CredentialManagementRequestKey.pinUvAuthParam, 'pinUvAuthParam', asBytes);
  if (paramsMap !== undefined) {
    request.subCommandParams = decodeSubCommandParams(paramsMap);
    request.subCommandParamsCbor = paramsMap;
  }
  if (protocol !== undefined) request.pinUvAuthProtocol = protocol;
  if (pinUvAuthParam !== undefined) request.pinUvAuthParam = pinUvAuthParam;
  return request;
}
