import {
  CtapError,
  CtapStatus,
  PinUvAuthTokenPermissions,
  pinUvAuthProtocol,
  type ClientPinRequest,
  type ClientPinResponse,
} from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { issuePinUvAuthToken } from './issuePinUvAuthToken.js';
import { requireMembers } from './requireMembers.js';

/**
 * getPinToken (0x05, CTAP 2.1 §6.5.5.7.1, superseded but still served for CTAP 2.0 platforms): a token with
 * the default permissions mc and ga, bound to no rpId until its first use. Sending permissions or rpId with
 * it is INVALID_PARAMETER: those belong to sub-command 0x09.
 */
export function getPinToken(core: AuthenticatorCore, request: ClientPinRequest): Promise<ClientPinResponse> {
  requireMembers(request, ['pinUvAuthProtocol', 'keyAgreement', 'pinHashEnc']);
  const protocol = pinUvAuthProtocol(request.pinUvAuthProtocol);
  if (request.permissions !== undefined) throw new CtapError(CtapStatus.INVALID_PARAMETER, 'getPinToken takes no permissions; use 0x09');
  if (request.rpId !== undefined) throw new CtapError(CtapStatus.INVALID_PARAMETER, 'getPinToken takes no rpId; use 0x09');
  const { mc, ga } = PinUvAuthTokenPermissions;
  return issuePinUvAuthToken(core, protocol, request.keyAgreement, request.pinHashEnc, mc | ga, undefined);
}
