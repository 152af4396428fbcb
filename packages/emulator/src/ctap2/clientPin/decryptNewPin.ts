import { createHash } from 'node:crypto';
import { CtapError, CtapStatus, unpadPin, type PinUvAuthProtocol } from '@keybridge/ctap';

/** A new PIN as the authenticator keeps it: LEFT(SHA-256(PIN), 16) and its length in code points. */
export interface NewPin {
  pinHash: Uint8Array;
  codePoints: number;
}

/** UTF-8 lead bytes, i.e. every byte that is not a continuation byte 10xxxxxx, one per code point. */
function countCodePoints(utf8: Uint8Array): number {
  return utf8.reduce((count, byte) => ((byte & 0xc0) === 0x80 ? count : count + 1), 0);
}

/**
 * setPIN steps 6-10 / changePIN steps 9-13 (CTAP 2.1 §6.5.5.5-6): decrypt newPinEnc (an error is PIN_AUTH_INVALID),
 * paddedNewPin must be 64 bytes (INVALID_PARAMETER), then the PIN policy: valid UTF-8 of at least
 * max(4, minPinLength) code points and at most 63 bytes, else PIN_POLICY_VIOLATION.
 * The hash is taken over the PIN's bytes exactly as the platform sent them.
 */
export function decryptNewPin(protocol: PinUvAuthProtocol, sharedSecret: Uint8Array, newPinEnc: Uint8Array, minPinLength: number): NewPin {
  let padded: Uint8Array;
  try {
    padded = protocol.decrypt(sharedSecret, newPinEnc);
  } catch (error) {
    if (error instanceof CtapError) throw new CtapError(CtapStatus.PIN_AUTH_INVALID, `newPinEnc does not decrypt: ${error.message}`);
    throw error;
  }
  unpadPin(padded); // 64 bytes, zero padding, UTF-8, at least 4 code points, at most 63 bytes
  const pin = padded.subarray(0, padded.indexOf(0));
  const codePoints = countCodePoints(pin);
  if (codePoints < minPinLength) {
    throw new CtapError(CtapStatus.PIN_POLICY_VIOLATION, `PIN has ${codePoints} code points, the minimum is ${minPinLength}`);
  }
  return { pinHash: new Uint8Array(createHash('sha256').update(pin).digest().subarray(0, 16)), codePoints };
}
