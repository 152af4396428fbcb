import { CtapError, CtapStatus, PinUvAuthTokenPermissions, type ClientPinRequest } from '@keybridge/ctap';

const { mc, ga, cm, be, lbw, acfg } = PinUvAuthTokenPermissions;
const DEFINED_PERMISSIONS = mc | ga | cm | be | lbw | acfg;

/**
 * The permission steps shared by getPinUvAuthTokenUsingPinWithPermissions and ...UsingUvWithPermissions (CTAP 2.1
 * §6.5.5.7.2-3): mc and ga need an rpId (MISSING_PARAMETER: the permissions table makes it mandatory with them),
 * 0 is INVALID_PARAMETER, a permission for a feature getInfo does not offer is UNAUTHORIZED_PERMISSION. Returns the
 * permissions to grant: undefined bits are ignored, as the spec says.
 */
export function checkTokenPermissions(request: ClientPinRequest & { permissions: number }, unauthorized: number): number {
  if ((request.permissions & (mc | ga)) !== 0 && request.rpId === undefined) {
    throw new CtapError(CtapStatus.MISSING_PARAMETER, 'the mc and ga permissions need an rpId');
  }
  if (request.permissions === 0) throw new CtapError(CtapStatus.INVALID_PARAMETER, 'permissions must not be 0');
  if ((request.permissions & unauthorized) !== 0) {
    throw new CtapError(CtapStatus.UNAUTHORIZED_PERMISSION, `permissions 0x${request.permissions.toString(16)} include one this key does not offer`);
  }
  return request.permissions & DEFINED_PERMISSIONS;
}
