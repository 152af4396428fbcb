import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';

/** Splits a response APDU into its data and the trailing status word. */
export function decodeApduResponse(bytes: Uint8Array): { data: Uint8Array; statusWord: number } {
  if (bytes.length < 2) throw new U2fApduError(U2fStatusWord.WRONG_LENGTH, 'response APDU without a status word');
  return { data: bytes.slice(0, -2), statusWord: (bytes[bytes.length - 2]! << 8) | bytes[bytes.length - 1]! };
}
