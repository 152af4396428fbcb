import { derElementLength } from './derElementLength.js';
import type { U2fRegisterResponse } from './U2fMessages.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';

/** REGISTER response data (without the status word): 05 || userPublicKey || L || keyHandle || certificate || signature. */
export function encodeRegisterResponse({ userPublicKey, keyHandle, attestationCertificate, signature }: U2fRegisterResponse): Uint8Array {
  if (userPublicKey.length !== 65 || userPublicKey[0] !== 0x04) {
    throw new U2fApduError(U2fStatusWord.WRONG_DATA, 'userPublicKey must be an uncompressed P-256 point (65 bytes, 04 first)');
  }
  if (keyHandle.length > 0xff) throw new U2fApduError(U2fStatusWord.WRONG_LENGTH, 'key handle longer than 255 bytes');
  // The parser finds the signature by the certificate's DER length, so both must be single DER elements.
  if (derElementLength(attestationCertificate, 0) !== attestationCertificate.length) {
    throw new U2fApduError(U2fStatusWord.WRONG_DATA, 'attestation certificate is not one DER element');
  }
  if (derElementLength(signature, 0) !== signature.length) throw new U2fApduError(U2fStatusWord.WRONG_DATA, 'signature is not one DER element');
  return new Uint8Array([0x05, ...userPublicKey, keyHandle.length, ...keyHandle, ...attestationCertificate, ...signature]);
}
