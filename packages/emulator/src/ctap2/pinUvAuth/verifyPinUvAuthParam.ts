import { CtapError, CtapStatus } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';

/**
 * CTAP 2.1 §6.1.2 step 11.1 / §6.2.2 step 6.1: pinUvAuthParam must be authenticate(token, clientDataHash) with
 * the current token, which must hold `permission` and be bound to this RP (or to none: it is bound now); its
 * user-verified flag must still be set. Every failure is PIN_AUTH_INVALID. Without a PIN or built-in UV there can be
 * no token: PIN_NOT_SET, as CTAP 2.0 had it (2.1 leaves that case unsaid).
 */
export function verifyPinUvAuthParam(
  core: AuthenticatorCore,
  options: { protocol: number; pinUvAuthParam: Uint8Array; clientDataHash: Uint8Array; permission: number; rpId: string },
): void {
  if (!core.state.pinHash && core.builtInUv === undefined) throw new CtapError(CtapStatus.PIN_NOT_SET, 'pinUvAuthParam sent but no PIN is set');
  core.volatile.pinToken.verify({
    protocol: options.protocol,
    pinUvAuthParam: options.pinUvAuthParam,
    message: options.clientDataHash,
    permission: options.permission,
    rpId: options.rpId,
    bindRpId: true,
  });
  if (!core.volatile.pinToken.userVerifiedFlag) throw new CtapError(CtapStatus.PIN_AUTH_INVALID, 'the token carries no user verification');
}
