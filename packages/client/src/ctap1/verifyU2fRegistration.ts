import { verify, X509Certificate } from 'node:crypto';
import { registerSignedData } from '@keybridge/ctap';
import type { U2fRegistration } from './U2fResults.js';

/**
 * Checks a registration's signature with its attestation certificate's key, over
 * 00 || application || challenge || keyHandle || userPublicKey. Says nothing about whether to trust the certificate.
 * A certificate that does not parse, or a malformed signature, is simply not valid (false).
 */
export function verifyU2fRegistration(registration: U2fRegistration): boolean {
  try {
    const { publicKey } = new X509Certificate(registration.attestationCertificate);
    const signed = registerSignedData(registration.application, registration.challenge, registration.keyHandle, registration.userPublicKey);
    return verify('sha256', signed, publicKey, registration.signature);
  } catch {
    return false;
  }
}
