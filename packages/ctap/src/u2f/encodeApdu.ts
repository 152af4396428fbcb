import type { U2fCommandApdu } from './U2fCommandApdu.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fStatusWord } from './U2fStatusWord.js';

/**
 * Encodes a command APDU. Extended (the default, as U2F over HID uses it) is exactly what python-fido2 sends:
 * `CLA INS P1 P2 00 Lc(2) data 00 00`, Lc and Le present even without data.
 * Short is `CLA INS P1 P2 [Lc data] 00`, for data of at most 255 bytes.
 */
export function encodeApdu(apdu: U2fCommandApdu, options: { extended?: boolean } = {}): Uint8Array {
  const { cla, ins, p1, p2, data } = apdu;
  for (const [name, value] of Object.entries({ cla, ins, p1, p2 })) {
    if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new U2fApduError(U2fStatusWord.WRONG_DATA, `${name} must be a byte`);
  }
  const header = [cla, ins, p1, p2];
  if (options.extended ?? true) {
    if (data.length > 0xffff) throw new U2fApduError(U2fStatusWord.WRONG_LENGTH, 'extended APDU data is limited to 65535 bytes');
    return new Uint8Array([...header, 0x00, data.length >> 8, data.length & 0xff, ...data, 0x00, 0x00]);
  }
  if (data.length > 0xff) throw new U2fApduError(U2fStatusWord.WRONG_LENGTH, 'short APDU data is limited to 255 bytes');
  return new Uint8Array(data.length === 0 ? [...header, 0x00] : [...header, data.length, ...data, 0x00]);
}
