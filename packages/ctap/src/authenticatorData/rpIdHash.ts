import { createHash } from 'node:crypto';

/** SHA-256 of the UTF-8 RP ID: the first 32 bytes of authenticatorData and the U2F application parameter. */
export function rpIdHash(rpId: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(rpId, 'utf8').digest());
}
