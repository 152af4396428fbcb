import { derElementLength } from './derElementLength.js';
import type { U2fAuthenticateResponse } from './U2fMessages.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';

/**
 * Parses AUTHENTICATE response data (status word already removed). The signature must be exactly one DER
 * element; truncation is 6700 WRONG_LENGTH, a malformed signature 6A80 WRONG_DATA.
 */
export function parseAuthenticateResponse(data: Uint8Array): U2fAuthenticateResponse {
  if (data.length <= 5) throw new U2fApduError(U2fStatusWord.WRONG_LENGTH, `AUTHENTICATE response of ${data.length} bytes is truncated`);
  if (5 + derElementLength(data, 5) !== data.length) throw new U2fApduError(U2fStatusWord.WRONG_DATA, 'bytes after the signature');
  return {
    userPresence: data[0]!,
    counter: new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(1),
    signature: data.slice(5),
  };
}
