import { CtapError, CtapStatus } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';

/** The UV sub-commands (0x06, 0x07) exist only on a key with built-in UV; elsewhere, like any unknown one, INVALID_SUBCOMMAND. */
export function requireBuiltInUv(core: AuthenticatorCore): void {
  if (core.builtInUv === undefined) throw new CtapError(CtapStatus.INVALID_SUBCOMMAND, 'this authenticator has no built-in user verification');
}
