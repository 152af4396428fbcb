import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';
import { PADDED_PIN_LENGTH, PIN_MIN_CODE_POINTS } from './padPin.js';

/**
 * The PIN inside a decrypted paddedNewPin. It must be 64 bytes (else INVALID_PARAMETER); the PIN is what comes
 * before the first zero byte and must be valid UTF-8 of at least 4 code points, with only zeros after it and at
 * least one of them (so at most 63 bytes), else PIN_POLICY_VIOLATION.
 */
export function unpadPin(padded: Uint8Array): string {
  if (padded.length !== PADDED_PIN_LENGTH) {
    throw new CtapError(CtapStatus.INVALID_PARAMETER, `padded PIN must be ${PADDED_PIN_LENGTH} bytes, got ${padded.length}`);
  }
  const end = padded.indexOf(0);
  if (end === -1) throw new CtapError(CtapStatus.PIN_POLICY_VIOLATION, 'PIN fills all 64 bytes');
  if (padded.subarray(end).some((byte) => byte !== 0)) throw new CtapError(CtapStatus.PIN_POLICY_VIOLATION, 'PIN padding is not all zeros');
  let pin: string;
  try {
    pin = new TextDecoder('utf-8', { fatal: true }).decode(padded.subarray(0, end));
  } catch {
    throw new CtapError(CtapStatus.PIN_POLICY_VIOLATION, 'PIN is not valid UTF-8');
  }
  if ([...pin].length < PIN_MIN_CODE_POINTS) throw new CtapError(CtapStatus.PIN_POLICY_VIOLATION, `PIN has fewer than ${PIN_MIN_CODE_POINTS} code points`);
  return pin;
}
