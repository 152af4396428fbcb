import { timingSafeEqual } from 'node:crypto';
import { CtapError, CtapStatus, type PinUvAuthProtocol } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { MAX_PIN_RETRIES, MAX_UV_RETRIES } from '../../state/AuthenticatorState.js';
import { MAX_CONSECUTIVE_PIN_FAILURES } from './checkPinEntryAllowed.js';

function matchesStoredPin(stored: Uint8Array | undefined, candidate: Uint8Array | undefined): boolean {
  return stored !== undefined && candidate !== undefined && candidate.length === stored.length && timingSafeEqual(candidate, stored);
}

/**
 * The PIN check of changePIN, getPinToken and getPinUvAuthTokenUsingPinWithPermissions (CTAP 2.1 §6.5.5.6
 * steps 6-8, §6.5.5.7): decrement pinRetries and persist it *before* comparing, so pulling the plug mid-check
 * still costs a try; then decrypt pinHashEnc and compare it in constant time with the stored LEFT(SHA-256(PIN), 16).
 * A mismatch (or a pinHashEnc that does not decrypt) regenerates the key agreement key and answers PIN_BLOCKED
 * when no retries are left, PIN_AUTH_BLOCKED after three in a row, PIN_INVALID otherwise. A match restores the
 * retries (PIN and UV) and the consecutive-failure count.
 */
export async function verifyPinHashEnc(
  core: AuthenticatorCore,
  protocol: PinUvAuthProtocol,
  sharedSecret: Uint8Array,
  pinHashEnc: Uint8Array,
): Promise<void> {
  const { state } = core;
  state.pinRetries -= 1;
  await core.persist();

  let candidate: Uint8Array | undefined;
  try {
    candidate = protocol.decrypt(sharedSecret, pinHashEnc);
  } catch (error) {
    if (!(error instanceof CtapError)) throw error;
  }
  if (!matchesStoredPin(state.pinHash, candidate)) {
    core.volatile.keyAgreement.regenerate();
    core.volatile.consecutivePinFailures += 1;
    if (state.pinRetries <= 0) throw new CtapError(CtapStatus.PIN_BLOCKED, 'wrong PIN, no retries left');
    if (core.volatile.consecutivePinFailures >= MAX_CONSECUTIVE_PIN_FAILURES) {
      throw new CtapError(CtapStatus.PIN_AUTH_BLOCKED, 'third wrong PIN in a row');
    }
    throw new CtapError(CtapStatus.PIN_INVALID, `wrong PIN, ${state.pinRetries} retries left`);
  }

  state.pinRetries = MAX_PIN_RETRIES;
  // §6.5.2.2: a correct PIN also restores the built-in UV retries (a fingerprint key unblocks its sensor).
  state.uvRetries = MAX_UV_RETRIES;
  core.volatile.consecutivePinFailures = 0;
  await core.persist();
}
