import { CtapError, CtapStatus } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';

/** Wrong PINs in a row after which PIN entry waits for a power cycle (CTAP 2.1 §6.5.5.6 ff.). */
export const MAX_CONSECUTIVE_PIN_FAILURES = 3;

/**
 * Before a PIN is checked: there must be one (PIN_NOT_SET), retries must be left (PIN_BLOCKED: only reset helps),
 * and three wrong PINs since power-up block entry until the next power cycle (PIN_AUTH_BLOCKED).
 */
export function checkPinEntryAllowed(core: AuthenticatorCore): void {
  if (core.state.pinHash === undefined) throw new CtapError(CtapStatus.PIN_NOT_SET);
  if (core.state.pinRetries <= 0) throw new CtapError(CtapStatus.PIN_BLOCKED, 'no PIN retries left; only reset helps');
  if (core.volatile.consecutivePinFailures >= MAX_CONSECUTIVE_PIN_FAILURES) {
    throw new CtapError(CtapStatus.PIN_AUTH_BLOCKED, 'three wrong PINs in a row; power cycle the authenticator');
  }
}
