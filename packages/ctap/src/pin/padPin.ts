import { CtapError } from '../status/CtapError.js';
import { CtapStatus } from '../status/ctapStatus.js';

/** A PIN has at least 4 Unicode code points and at most 63 bytes of UTF-8 (CTAP 2.1 §6.5.1). */
export const PIN_MIN_CODE_POINTS = 4;
export const PIN_MAX_BYTES = 63;
export const PADDED_PIN_LENGTH = 64;

/**
 * The UTF-8 PIN zero-padded to 64 bytes, ready for encryption as newPinEnc. A PIN outside the length limits,
 * or one containing U+0000 (which the padding could not tell apart from), is PIN_POLICY_VIOLATION.
 */
export function padPin(pin: string): Uint8Array {
  const utf8 = new TextEncoder().encode(pin);
  if ([...pin].length < PIN_MIN_CODE_POINTS) throw new CtapError(CtapStatus.PIN_POLICY_VIOLATION, `PIN has fewer than ${PIN_MIN_CODE_POINTS} code points`);
  if (utf8.length > PIN_MAX_BYTES) throw new CtapError(CtapStatus.PIN_POLICY_VIOLATION, `PIN is longer than ${PIN_MAX_BYTES} bytes of UTF-8`);
  if (utf8.includes(0)) throw new CtapError(CtapStatus.PIN_POLICY_VIOLATION, 'PIN contains U+0000');
  const padded = new Uint8Array(PADDED_PIN_LENGTH);
  padded.set(utf8);
  return padded;
}
