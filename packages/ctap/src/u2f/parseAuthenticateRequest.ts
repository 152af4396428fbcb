import type { U2fAuthenticateRequest } from './U2fMessages.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';

/** AUTHENTICATE request data; a key handle length that does not match the data is 6700 WRONG_LENGTH. */
export function parseAuthenticateRequest(data: Uint8Array): U2fAuthenticateRequest {
  if (data.length < 65) throw new U2fApduError(U2fStatusWord.WRONG_LENGTH, `AUTHENTICATE data is ${data.length} bytes, at least 65 needed`);
  const keyHandleLength = data[64]!;
  if (data.length !== 65 + keyHandleLength) {
    throw new U2fApduError(U2fStatusWord.WRONG_LENGTH, `key handle length ${keyHandleLength} does not match ${data.length - 65} bytes`);
  }
  return { challenge: data.slice(0, 32), application: data.slice(32, 64), keyHandle: data.slice(65) };
}
