import type { ClientPinResponse } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { MAX_CONSECUTIVE_PIN_FAILURES } from './checkPinEntryAllowed.js';

/** getPINRetries (CTAP 2.1 §6.5.5.2): retries left, and whether PIN entry waits for a power cycle. */
export function getPinRetries(core: AuthenticatorCore): ClientPinResponse {
  return {
    pinRetries: core.state.pinRetries,
    powerCycleState: core.volatile.consecutivePinFailures >= MAX_CONSECUTIVE_PIN_FAILURES,
  };
}
