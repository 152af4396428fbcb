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

const { mc, ga, cm, be, lbw, acfg } = PinUvAuthTokenPermissions;
const DEFINED_PERMISSIONS = mc | ga | cm | be | lbw | acfg;
/**
 * Permissions for features getInfo does not offer (CTAP 2.1 §6.5.5.7.2): be needs bioEnroll, lbw needs
 * largeBlobs. cm (credMgmt) and acfg (authnrCfg) are offered, so they are granted.
 */
const UNAUTHORIZED_PERMISSIONS = be | lbw;

/** getPinUvAuthTokenUsingPinWithPermissions (0x09, CTAP 2.1 §6.5.5.7.2), its steps in their order. */
export function getPinUvAuthTokenUsingPinWithPermissions(core: AuthenticatorCore, request: ClientPinRequest): Promise<ClientPinResponse> {
  requireMembers(request, ['pinUvAuthProtocol', 'keyAgreement', 'pinHashEnc', 'permissions']);
  // The permissions table makes rpId required for mc and ga, so it is one of this request's mandatory parameters.
  if ((request.permissions & (mc | ga)) !== 0 && request.rpId === undefined) {
    throw new CtapError(CtapStatus.MISSING_PARAMETER, 'the mc and ga permissions need an rpId');
  }
  const protocol = pinUvAuthProtocol(request.pinUvAuthProtocol);
  if (request.permissions === 0) throw new CtapError(CtapStatus.INVALID_PARAMETER, 'permissions must not be 0');
  if ((request.permissions & UNAUTHORIZED_PERMISSIONS) !== 0) {
    throw new CtapError(CtapStatus.UNAUTHORIZED_PERMISSION, `permissions 0x${request.permissions.toString(16)} include be or lbw`);
  }
  // Undefined permission bits are ignored, as the spec says.
  return issuePinUvAuthToken(core, protocol, request.keyAgreement, request.pinHashEnc, request.permissions & DEFINED_PERMISSIONS, request.rpId);
}
