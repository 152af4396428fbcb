import { createHash } from 'node:crypto';

/** LEFT(SHA-256(PIN), 16): what the authenticator stores and pinHashEnc encrypts. The PIN is hashed as UTF-8. */
export function pinHashLeft16(pin: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(pin, 'utf8').digest().subarray(0, 16));
}
