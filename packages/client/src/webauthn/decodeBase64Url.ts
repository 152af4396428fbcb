import { CtapClientError } from '../CtapClientError.js';

const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

/**
 * Bytes from base64url text (padding tolerated). Node's decoder skips characters it does not know, which would
 * turn a typo into different bytes, so the text is checked first: anything else is BAD_REQUEST naming `what`.
 */
export function decodeBase64Url(text: string, what: string): Uint8Array {
  const unpadded = typeof text === 'string' ? text.replace(/=+$/, '') : '';
  if (typeof text !== 'string' || !BASE64URL.test(text) || unpadded.length % 4 === 1) {
    throw new CtapClientError('BAD_REQUEST', `${what} is not base64url`);
  }
  return new Uint8Array(Buffer.from(unpadded, 'base64url'));
}
