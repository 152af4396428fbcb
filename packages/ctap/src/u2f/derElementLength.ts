import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';

/**
 * The total length (tag + length + content) of the DER SEQUENCE at `offset`. A U2F register response has no
 * length prefix for its certificate, so this is how the certificate and the signature after it are told apart.
 * An element cut short is 6700 WRONG_LENGTH; another tag, or an indefinite, over-long or non-minimal length
 * form is 6A80 WRONG_DATA.
 */
export function derElementLength(bytes: Uint8Array, offset: number): number {
  const truncated = (detail: string) => new U2fApduError(U2fStatusWord.WRONG_LENGTH, `${detail} at byte ${offset}`);
  const malformed = (detail: string) => new U2fApduError(U2fStatusWord.WRONG_DATA, `${detail} at byte ${offset}`);
  if (offset >= bytes.length) throw truncated('missing DER element');
  if (bytes[offset] !== 0x30) throw malformed('expected a DER SEQUENCE');
  if (offset + 2 > bytes.length) throw truncated('truncated DER header');
  const first = bytes[offset + 1]!;
  let contentLength: number;
  let headerLength: number;
  if (first < 0x80) {
    contentLength = first;
    headerLength = 2;
  } else {
    const size = first & 0x7f;
    if (size === 0 || size > 3) throw malformed('unsupported DER length form');
    if (offset + 2 + size > bytes.length) throw truncated('truncated DER length');
    contentLength = 0;
    for (let i = 0; i < size; i++) contentLength = contentLength * 256 + bytes[offset + 2 + i]!;
    // DER uses the fewest length bytes: long form only from 128, no leading zero byte.
    if (contentLength < 0x80 || bytes[offset + 2] === 0) throw malformed('non-minimal DER length');
    headerLength = 2 + size;
  }
  const total = headerLength + contentLength;
  if (offset + total > bytes.length) throw truncated('DER element runs past the end');
  return total;
}
