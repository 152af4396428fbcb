import { pinUvAuthProtocol, type ClientPinRequest, type ClientPinResponse } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { requireMembers } from './requireMembers.js';

/** getKeyAgreement (CTAP 2.1 §6.5.5.4): the public half of the key agreement key both protocols share. */
export function getKeyAgreement(core: AuthenticatorCore, request: ClientPinRequest): ClientPinResponse {
  requireMembers(request, ['pinUvAuthProtocol']);
  pinUvAuthProtocol(request.pinUvAuthProtocol); // unsupported → INVALID_PARAMETER
  return { keyAgreement: core.volatile.keyAgreement.coseKey() };
}
