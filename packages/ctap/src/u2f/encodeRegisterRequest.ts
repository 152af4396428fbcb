import type { U2fRegisterRequest } from './U2fMessages.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';

/** REGISTER request data: challenge (32) || application (32). */
export function encodeRegisterRequest({ challenge, application }: U2fRegisterRequest): Uint8Array {
  if (challenge.length !== 32 || application.length !== 32) throw new U2fApduError(U2fStatusWord.WRONG_LENGTH, 'challenge and application must be 32 bytes');
  const out = new Uint8Array(64);
  out.set(challenge);
  out.set(application, 32);
  return out;
}
