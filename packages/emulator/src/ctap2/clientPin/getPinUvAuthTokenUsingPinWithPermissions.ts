import { PinUvAuthTokenPermissions, pinUvAuthProtocol, type ClientPinRequest, type ClientPinResponse } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { checkTokenPermissions } from './checkTokenPermissions.js';
import { issuePinUvAuthToken } from './issuePinUvAuthToken.js';
import { requireMembers } from './requireMembers.js';

/**
 * Permissions for features getInfo does not offer (CTAP 2.1 §6.5.5.7.2): be needs bioEnroll, lbw needs
 * largeBlobs. cm (credMgmt) and acfg (authnrCfg) are offered, so they are granted.
 */
const UNAUTHORIZED_PERMISSIONS = PinUvAuthTokenPermissions.be | PinUvAuthTokenPermissions.lbw;

/** getPinUvAuthTokenUsingPinWithPermissions (0x09, CTAP 2.1 §6.5.5.7.2), its steps in their order. */
export function getPinUvAuthTokenUsingPinWithPermissions(core: AuthenticatorCore, request: ClientPinRequest): Promise<ClientPinResponse> {
  requireMembers(request, ['pinUvAuthProtocol', 'keyAgreement', 'pinHashEnc', 'permissions']);
  const protocol = pinUvAuthProtocol(request.pinUvAuthProtocol);
  const permissions = checkTokenPermissions(request, UNAUTHORIZED_PERMISSIONS);
  return issuePinUvAuthToken(core, protocol, request.keyAgreement, request.pinHashEnc, permissions, request.rpId);
}
