import type { DecodedU2fCommandApdu } from './U2fCommandApdu.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';

function wrongLength(detail: string): U2fApduError {
  return new U2fApduError(U2fStatusWord.WRONG_LENGTH, detail);
}

/**
 * Decodes a command APDU in any ISO 7816-4 case, short or extended, plus python-fido2's extended form for no
 * data (`00 Lc=0000 00 00`). Lengths that do not add up are 6700 WRONG_LENGTH; a CLA other than 00 is 6E00.
 */
export function decodeApdu(bytes: Uint8Array): DecodedU2fCommandApdu {
  if (bytes.length < 4) throw wrongLength(`APDU of ${bytes.length} bytes has no complete header`);
  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  if (cla !== 0x00) throw new U2fApduError(U2fStatusWord.CLA_NOT_SUPPORTED, `CLA ${cla.toString(16).padStart(2, '0')}`);
  const header = { cla, ins, p1, p2 };
  const body = bytes.subarray(4);
  const none = new Uint8Array(0);

  // Case 1: header only.
  if (body.length === 0) return { ...header, data: none, extended: false, maxResponseLength: undefined };
  // Case 2S: Le only.
  if (body.length === 1) return { ...header, data: none, extended: false, maxResponseLength: body[0]! || 256 };

  if (body[0] !== 0x00) {
    // Short Lc: case 3S (data) or 4S (data, Le).
    const lc = body[0]!;
    if (body.length === 1 + lc) return { ...header, data: body.slice(1), extended: false, maxResponseLength: undefined };
    if (body.length === 2 + lc) return { ...header, data: body.slice(1, 1 + lc), extended: false, maxResponseLength: body[1 + lc]! || 256 };
    throw wrongLength(`short Lc ${lc} does not match ${body.length - 1} bytes after it`);
  }

  // Extended: 00 then two length bytes.
  if (body.length < 3) throw wrongLength('extended length field is truncated');
  const length = (body[1]! << 8) | body[2]!;
  // Case 2E: 00 Le(2) and nothing else.
  if (body.length === 3) return { ...header, data: none, extended: true, maxResponseLength: length || 65536 };
  const rest = body.length - 3;
  // Case 3E / 4E: 00 Lc(2) data [Le(2)]. Lc = 0 with a Le is python-fido2's no-data form.
  if (rest === length) return { ...header, data: body.slice(3), extended: true, maxResponseLength: undefined };
  if (rest === length + 2) {
    const le = (body[3 + length]! << 8) | body[4 + length]!;
    return { ...header, data: body.slice(3, 3 + length), extended: true, maxResponseLength: le || 65536 };
  }
  throw wrongLength(`extended Lc ${length} does not match ${rest} bytes after it`);
}
