import type { U2fRegisterRequest } from './U2fMessages.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';

/** REGISTER request data must be exactly challenge (32) || application (32); anything else is 6700. */
export function parseRegisterRequest(data: Uint8Array): U2fRegisterRequest {
  if (data.length !== 64) throw new U2fApduError(U2fStatusWord.WRONG_LENGTH, `REGISTER data is ${data.length} bytes, not 64`);
  return { challenge: data.slice(0, 32), application: data.slice(32, 64) };
}
