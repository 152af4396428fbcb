import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeApdu } from './decodeApdu.js';
import { encodeApdu } from './encodeApdu.js';
import { U2fApduError } from './U2fApduError.js';
import { U2fInstruction } from './U2fInstruction.js';
import { U2fStatusWord } from './U2fStatusWord.js';

const vectorsDir = new URL('../../../../../shared/fixtures/firmware-vectors/', import.meta.url);
interface Vectors {
  u2f: Record<'version' | 'register' | 'authenticate' | 'authenticateCheckOnly', { apdu: string }>;
}
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
const hex = (value: Uint8Array) => Buffer.from(value).toString('hex');

function statusWordOf(f: () => unknown): number | string {
  try {
    f();
  } catch (error) {
    return error instanceof U2fApduError ? error.statusWord : `not a U2fApduError: ${String(error)}`;
  }
  return 'no error';
}

describe('decodeApdu', () => {
  it.each(['solo.json', 'canokey.json'])('decodes the APDUs python-fido2 sent in %s and re-encodes them byte for byte', (file) => {
    const { u2f } = JSON.parse(readFileSync(new URL(file, vectorsDir), 'utf8')) as Vectors;
    const version = decodeApdu(bytes(u2f.version.apdu));
    expect(version).toMatchObject({ cla: 0, ins: U2fInstruction.VERSION, p1: 0, p2: 0, extended: true, maxResponseLength: 65536 });
    expect(version.data.length).toBe(0);
    const register = decodeApdu(bytes(u2f.register.apdu));
    expect(register).toMatchObject({ ins: U2fInstruction.REGISTER, p1: 0, extended: true });
    expect(register.data.length).toBe(64);
    const authenticate = decodeApdu(bytes(u2f.authenticate.apdu));
    expect(authenticate).toMatchObject({ ins: U2fInstruction.AUTHENTICATE, p1: 0x03 });
    expect(decodeApdu(bytes(u2f.authenticateCheckOnly.apdu)).p1).toBe(0x07);
    for (const name of ['version', 'register', 'authenticate', 'authenticateCheckOnly'] as const) {
      expect(hex(encodeApdu(decodeApdu(bytes(u2f[name].apdu))))).toBe(u2f[name].apdu);
    }
  });

  it('decodes every ISO 7816-4 case', () => {
    expect(decodeApdu(bytes('00030000'))).toMatchObject({ ins: 3, extended: false, maxResponseLength: undefined, data: new Uint8Array(0) });
    expect(decodeApdu(bytes('0003000000'))).toMatchObject({ extended: false, maxResponseLength: 256 });
    expect(decodeApdu(bytes('0003000010'))).toMatchObject({ extended: false, maxResponseLength: 16 });
    expect(decodeApdu(bytes('0001000003aabbcc'))).toMatchObject({ data: bytes('aabbcc'), extended: false, maxResponseLength: undefined });
    expect(decodeApdu(bytes('0001000003aabbcc00'))).toMatchObject({ data: bytes('aabbcc'), extended: false, maxResponseLength: 256 });
    expect(decodeApdu(bytes('00030000000000'))).toMatchObject({ extended: true, maxResponseLength: 65536 });
    expect(decodeApdu(bytes('00030000000100'))).toMatchObject({ extended: true, maxResponseLength: 256, data: new Uint8Array(0) });
    expect(decodeApdu(bytes('00010000000003aabbcc'))).toMatchObject({ data: bytes('aabbcc'), extended: true, maxResponseLength: undefined });
    expect(decodeApdu(bytes('00010000000003aabbcc0100'))).toMatchObject({ data: bytes('aabbcc'), extended: true, maxResponseLength: 256 });
    expect(decodeApdu(bytes('00010000000003aabbcc0000'))).toMatchObject({ data: bytes('aabbcc'), extended: true, maxResponseLength: 65536 });
  });

  it('keeps P1 and P2', () => {
    expect(decodeApdu(bytes('00020708000001ee'))).toMatchObject({ p1: 7, p2: 8, data: bytes('ee') });
  });

  it('answers 6E00 for a CLA other than 00', () => {
    expect(statusWordOf(() => decodeApdu(bytes('80030000')))).toBe(U2fStatusWord.CLA_NOT_SUPPORTED);
    expect(statusWordOf(() => decodeApdu(bytes('01010000000040' + '00'.repeat(64) + '0000')))).toBe(U2fStatusWord.CLA_NOT_SUPPORTED);
  });

  it.each([
    ['empty', ''],
    ['a partial header', '000300'],
    ['short Lc longer than the data', '0001000005aabbcc'],
    ['short Lc shorter than the data', '0001000001aabbcc'],
    ['short Lc with two trailing bytes', '0001000001aa0000'],
    ['an extended marker with one length byte', '000300000000'],
        ['extended Lc longer than the data', '0001000000ffff' + 'aa'.repeat(64) + '0000'],
    ['extended Lc shorter than the data', '0001000000003f' + 'aa'.repeat(64) + '0000'],
    ['one trailing byte after extended data', '00010000000040' + 'aa'.repeat(64) + '00'],
    ['three trailing bytes after extended data', '00010000000040' + 'aa'.repeat(64) + '000000'],
  ])('answers 6700 for %s', (_name, apdu) => {
    expect(statusWordOf(() => decodeApdu(bytes(apdu)))).toBe(U2fStatusWord.WRONG_LENGTH);
  });
});
