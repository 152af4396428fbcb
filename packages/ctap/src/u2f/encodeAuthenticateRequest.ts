import type { U2fAuthenticateRequest } from './U2fMessages.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';

/** AUTHENTICATE request data: challenge (32) || application (32) || L || keyHandle. */
export function encodeAuthenticateRequest({ challenge, application, keyHandle }: U2fAuthenticateRequest): Uint8Array {
  if (challenge.length !== 32 || application.length !== 32) throw new U2fApduError(U2fStatusWord.WRONG_LENGTH, 'challenge and application must be 32 bytes');
  if (keyHandle.length > 0xff) throw new U2fApduError(U2fStatusWord.WRONG_LENGTH, 'key handle longer than 255 bytes');
  const out = new Uint8Array(65 + keyHandle.length);
  out.set(challenge);
  out.set(application, 32);
  out[64] = keyHandle.length;
  out.set(keyHandle, 65);
  return out;
}
