import { CtapError, CtapStatus } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { performBuiltInUv } from './performBuiltInUv.js';

/**
 * The `uv: true` option of makeCredential and getAssertion (CTAP 2.1 §6.1.2 step 11.2, §6.2.2 step 6.2, kept for
 * CTAP 2.0 platforms): built-in UV with internal retries. On failure: PUAT_REQUIRED when a PIN is set (this
 * emulator does not advertise noMcGaPermissionsWithClientPin), PIN_BLOCKED when no UV retries are left,
 * OPERATION_DENIED otherwise. A match is evidence of user interaction: it also stands for the touch.
 */
export async function verifyUserWithUvOption(core: AuthenticatorCore): Promise<void> {
  if (await performBuiltInUv(core, true)) return;
  if (core.state.pinHash !== undefined) throw new CtapError(CtapStatus.PUAT_REQUIRED, 'built-in UV failed: use a pinUvAuthToken');
  if (core.state.uvRetries <= 0) throw new CtapError(CtapStatus.PIN_BLOCKED, 'built-in UV failed and no UV retries are left');
  throw new CtapError(CtapStatus.OPERATION_DENIED, 'built-in UV failed');
}
