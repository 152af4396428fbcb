import { CtapError, CtapStatus, PinUvAuthTokenPermissions, pinUvAuthProtocol, type ClientPinRequest, type ClientPinResponse } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { performBuiltInUv } from '../builtInUv/performBuiltInUv.js';
import { PREFERRED_PLATFORM_UV_ATTEMPTS } from '../getInfo/getInfoConstants.js';
import { checkTokenPermissions } from './checkTokenPermissions.js';
import { requireBuiltInUv } from './requireBuiltInUv.js';
import { requireMembers } from './requireMembers.js';
import { sharedSecretWith } from './sharedSecretWith.js';

const { be, lbw, acfg } = PinUvAuthTokenPermissions;
/** CTAP 2.1 §6.5.5.7.3 step 4: be needs uvBioEnroll, lbw largeBlobs, acfg uvAcfg; getInfo offers none of them. */
const UNAUTHORIZED_PERMISSIONS = be | lbw | acfg;

/**
 * getPinUvAuthTokenUsingUvWithPermissions (0x06, CTAP 2.1 §6.5.5.7.3), its steps in their order. getInfo's
 * preferredPlatformUvAttempts is above 1, so internalRetry is false: one attempt per request, the platform asks
 * again. uvRetries at 0 is UV_BLOCKED before and after the attempt; a failed attempt with retries left UV_INVALID.
 * The token carries user presence (a finger on the sensor is a touch) and is encrypted under the shared secret.
 */
export async function getPinUvAuthTokenUsingUvWithPermissions(core: AuthenticatorCore, request: ClientPinRequest): Promise<ClientPinResponse> {
  requireBuiltInUv(core);
  requireMembers(request, ['pinUvAuthProtocol', 'keyAgreement', 'permissions']);
  const protocol = pinUvAuthProtocol(request.pinUvAuthProtocol);
  const permissions = checkTokenPermissions(request, UNAUTHORIZED_PERMISSIONS);
  const internalRetry = PREFERRED_PLATFORM_UV_ATTEMPTS <= 1;
  // §6.5.2.2: a blocked PIN disables built-in UV too; only reset helps.
  if (core.state.pinRetries <= 0) throw new CtapError(CtapStatus.PIN_BLOCKED, 'no PIN retries left; only reset helps');
  if (core.state.uvRetries <= 0) throw new CtapError(CtapStatus.UV_BLOCKED, 'no built-in UV retries left: enter the PIN');
  // Decapsulating first means a bad platform key costs no UV retry.
  const sharedSecret = sharedSecretWith(core, protocol, request.keyAgreement);
  if (!(await performBuiltInUv(core, internalRetry))) {
    // §6.5.2.2: a blocked PIN disables built-in UV too; only reset helps.
  if (core.state.pinRetries <= 0) throw new CtapError(CtapStatus.PIN_BLOCKED, 'no PIN retries left; only reset helps');
  if (core.state.uvRetries <= 0) throw new CtapError(CtapStatus.UV_BLOCKED, 'built-in UV failed, no retries left');
    throw new CtapError(CtapStatus.UV_INVALID, `built-in UV failed, ${core.state.uvRetries} retries left`);
  }
  const token = core.volatile.pinToken.issue(protocol.version, permissions, request.rpId, true);
  return { pinUvAuthToken: protocol.encrypt(sharedSecret, token) };
}
