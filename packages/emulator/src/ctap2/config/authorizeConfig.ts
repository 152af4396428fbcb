import { CtapError, CtapStatus, PinUvAuthTokenPermissions, configAuthMessage, type ConfigRequest } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';

/**
 * The pinUvAuthParam steps of CTAP 2.1 §6.11. They apply only when the authenticator is protected by user
 * verification (a PIN is set: the emulator has no built-in UV) or alwaysUv is on; otherwise the spec lets
 * authenticatorConfig run without a token. When they apply, in order: pinUvAuthParam missing →
 * PUAT_REQUIRED; pinUvAuthProtocol missing → MISSING_PARAMETER, unsupported → INVALID_PARAMETER;
 * verify(pinUvAuthToken, 32×0xff || 0x0d || subCommand || subCommandParams) fails → PIN_AUTH_INVALID;
 * no acfg permission → PIN_AUTH_INVALID. acfg ignores the permissions RP ID.
 */
export function authorizeConfig(core: AuthenticatorCore, request: ConfigRequest): void {
  if (core.state.pinHash === undefined && !core.state.alwaysUv) return;
  if (request.pinUvAuthParam === undefined) throw new CtapError(CtapStatus.PUAT_REQUIRED, 'authenticatorConfig needs pinUvAuthParam');
  if (request.pinUvAuthProtocol === undefined) throw new CtapError(CtapStatus.MISSING_PARAMETER, 'pinUvAuthProtocol is missing');
  core.volatile.pinToken.verify({
    protocol: request.pinUvAuthProtocol,
    pinUvAuthParam: request.pinUvAuthParam,
    message: configAuthMessage(request.subCommand, request.subCommandParams),
    permission: PinUvAuthTokenPermissions.acfg,
  });
}
