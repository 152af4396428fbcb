import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { CredentialManagementRequestKey } from './credentialManagementKeys.js';
import type { CredentialManagementRequest } from './CredentialManagementRequest.js';
import { encodeCredentialManagementSubCommandParams } from './encodeCredentialManagementSubCommandParams.js';

/** The request map for authenticatorCredentialManagement (0x0A). */
export function encodeCredentialManagementRequest(request: CredentialManagementRequest): CborMap {
  const map = new Map<number, CborValue>([[CredentialManagementRequestKey.subCommand, request.subCommand]]);
  if (request.subCommandParams !== undefined) {
    map.set(CredentialManagementRequestKey.subCommandParams, encodeCredentialManagementSubCommandParams(request.subCommandParams));
  }
  if (request.pinUvAuthProtocol !== undefined) map.set(CredentialManagementRequestKey.pinUvAuthProtocol, request.pinUvAuthProtocol);
  if (request.pinUvAuthParam !== undefined) map.set(CredentialManagementRequestKey.pinUvAuthParam, request.pinUvAuthParam);
  return map;
}
