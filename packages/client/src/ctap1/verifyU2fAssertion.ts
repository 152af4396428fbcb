import { createPublicKey, verify } from 'node:crypto';
import { authenticateSignedData } from '@keybridge/ctap';
import type { U2fAssertion } from './U2fResults.js';

/**
 * Checks an authentication's signature with the registration's user public key (65 bytes, 04 || x || y), over
 * application || userPresence || counter || challenge. A key that is not a P-256 point, or a malformed
 * signature, is simply not valid (false).
 */
export function verifyU2fAssertion(assertion: U2fAssertion, userPublicKey: Uint8Array): boolean {
  if (userPublicKey.length !== 65 || userPublicKey[0] !== 0x04) return false;
  try {
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
    // OpenSSL checks on import that the point is on the curve.
    const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64(userPublicKey.subarray(1, 33)), y: b64(userPublicKey.subarray(33)) }, format: 'jwk' });
    const signed = authenticateSignedData(assertion.application, assertion.userPresence, assertion.counter, assertion.challenge);
    return verify('sha256', signed, key, assertion.signature);
  } catch {
    return false;
  }
}
