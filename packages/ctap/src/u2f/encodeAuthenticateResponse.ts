import type { U2fAuthenticateResponse } from './U2fMessages.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';

/** AUTHENTICATE response data (without the status word): user presence || counter (4, BE) || signature. */
export function encodeAuthenticateResponse({ userPresence, counter, signature }: U2fAuthenticateResponse): Uint8Array {
  if (!Number.isInteger(userPresence) || userPresence < 0 || userPresence > 0xff) throw new U2fApduError(U2fStatusWord.WRONG_DATA, 'user presence must be a byte');
  if (!Number.isInteger(counter) || counter < 0 || counter > 0xffffffff) throw new U2fApduError(U2fStatusWord.WRONG_DATA, 'counter must be an unsigned 32-bit integer');
  const out = new Uint8Array(5 + signature.length);
  out[0] = userPresence;
  new DataView(out.buffer).setUint32(1, counter);
  out.set(signature, 5);
  return out;
}
