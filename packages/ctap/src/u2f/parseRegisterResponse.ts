import { derElementLength } from './derElementLength.js';
import type { U2fRegisterResponse } from './U2fMessages.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';

/**
 * Parses REGISTER response data (status word already removed, see decodeApduResponse). The certificate has no
 * length prefix: its DER header gives its size, and the signature must be exactly one DER element after it.
 * Truncation is 6700 WRONG_LENGTH; a wrong reserved byte, key format or DER structure is 6A80 WRONG_DATA.
 */
export function parseRegisterResponse(data: Uint8Array): U2fRegisterResponse {
  if (data.length < 67) throw new U2fApduError(U2fStatusWord.WRONG_LENGTH, `REGISTER response of ${data.length} bytes is truncated`);
  if (data[0] !== 0x05) throw new U2fApduError(U2fStatusWord.WRONG_DATA, `reserved byte is ${data[0]}, not 05`);
  const userPublicKey = data.slice(1, 66);
  if (userPublicKey[0] !== 0x04) throw new U2fApduError(U2fStatusWord.WRONG_DATA, 'user public key is not an uncompressed point');
  const keyHandleLength = data[66]!;
  const certificateStart = 67 + keyHandleLength;
  if (data.length < certificateStart) throw new U2fApduError(U2fStatusWord.WRONG_LENGTH, 'key handle is truncated');
  const keyHandle = data.slice(67, certificateStart);
  if (data.length === certificateStart) throw new U2fApduError(U2fStatusWord.WRONG_LENGTH, 'attestation certificate is missing');
  const signatureStart = certificateStart + derElementLength(data, certificateStart);
  if (data.length === signatureStart) throw new U2fApduError(U2fStatusWord.WRONG_LENGTH, 'signature is missing');
  if (signatureStart + derElementLength(data, signatureStart) !== data.length) {
    throw new U2fApduError(U2fStatusWord.WRONG_DATA, 'bytes after the signature');
  }
  return {
    userPublicKey,
    keyHandle,
    attestationCertificate: data.slice(certificateStart, signatureStart),
    signature: data.slice(signatureStart),
  };
}
