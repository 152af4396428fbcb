import { CtapError, CtapStatus, PinUvAuthTokenPermissions, credentialManagementAuthMessage, type DecodedCredentialManagementRequest } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';

/**
 * Which permissions RP ID the token may carry: 'any-rp' sub-commands (getCredsMetadata, enumerateRPsBegin)
 * see every RP, so the token must not be bound to one; the others work on one RP's credentials and accept
 * an unbound token or one bound to that RP (rpId undefined when the RP is not known: nothing to match).
 */
export type CredentialManagementRpScope = 'any-rp' | { rpId: string | undefined };

/**
 * PinUvAuthTokenState.verify rejects a token bound to an RP other than the one it is given; an RP ID that no
 * platform sends therefore rejects every bound token and lets an unbound one through (without binding it).
 */
const RP_ID_NO_TOKEN_IS_BOUND_TO = '\u0000keybridge: no RP';

/**
 * The common pinUvAuthParam steps of CTAP 2.1 §6.8, in the spec's order: pinUvAuthParam missing →
 * PUAT_REQUIRED; pinUvAuthProtocol missing → MISSING_PARAMETER, unsupported → INVALID_PARAMETER;
 * verify(pinUvAuthToken, subCommand || subCommandParams, pinUvAuthParam) fails → PIN_AUTH_INVALID; no cm
 * permission → PIN_AUTH_INVALID; permissions RP ID not acceptable for `scope` → PIN_AUTH_INVALID.
 */
export function authorizeCredentialManagement(
  core: AuthenticatorCore,
  request: DecodedCredentialManagementRequest,
  scope: CredentialManagementRpScope,
): void {
  if (request.pinUvAuthParam === undefined) throw new CtapError(CtapStatus.PUAT_REQUIRED, 'credentialManagement needs pinUvAuthParam');
  if (request.pinUvAuthProtocol === undefined) throw new CtapError(CtapStatus.MISSING_PARAMETER, 'pinUvAuthProtocol is missing');
  const rpId = scope === 'any-rp' ? RP_ID_NO_TOKEN_IS_BOUND_TO : scope.rpId;
  core.volatile.pinToken.verify({
    protocol: request.pinUvAuthProtocol,
    pinUvAuthParam: request.pinUvAuthParam,
    message: credentialManagementAuthMessage(request.subCommand, request.subCommandParamsCbor),
    permission: PinUvAuthTokenPermissions.cm,
    ...(rpId === undefined ? {} : { rpId }),
  });
}
