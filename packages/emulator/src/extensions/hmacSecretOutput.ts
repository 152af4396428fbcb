import { createHmac } from 'node:crypto';
import type { StoredCredential } from '../state/AuthenticatorState.js';
import type { HmacSecretSession } from './HmacSecretSession.js';

/**
 * encrypt(sharedSecret, HMAC-SHA-256(CredRandom, salt1) [|| HMAC-SHA-256(CredRandom, salt2)]), where CredRandom
 * is CredRandomWithUV when the assertion carries UV and CredRandomWithoutUV otherwise (CTAP 2.1 §12.5).
 * A credential made without hmac-secret has no CredRandom and gets no output.
 */
export function hmacSecretOutput(session: HmacSecretSession, credential: StoredCredential, userVerified: boolean): Uint8Array | undefined {
  if (!credential.hmacSecret) return undefined;
  const credRandom = userVerified ? credential.hmacSecret.withUv : credential.hmacSecret.withoutUv;
  const outputs: Buffer[] = [];
  for (let offset = 0; offset < session.salts.length; offset += 32) {
    outputs.push(createHmac('sha256', credRandom).update(session.salts.subarray(offset, offset + 32)).digest());
  }
  return session.protocol.encrypt(session.sharedSecret, Buffer.concat(outputs));
}
