import { describe, expect, it } from 'vitest';
import { decodeApdu } from './decodeApdu.js';
import { encodeApdu } from './encodeApdu.js';
import { U2fInstruction } from './U2fInstruction.js';
import { U2fStatusWord } from './U2fStatusWord.js';
import { u2fStatusWordOf } from '../../../../test/support/u2fStatusWordOf.js';
import { fromHex, toHex } from '../../../../test/support/hex.js';
import { firmwareNames, firmwareVectors } from '../../../../test/support/firmwareVectors.js';

interface Vectors {
  u2f: Record<'version' | 'register' | 'authenticate' | 'authenticateCheckOnly', { apdu: string }>;
}

describe('decodeApdu', () => {
  it.each(firmwareNames)('decodes the APDUs python-fido2 sent in %s and re-encodes them byte for byte', (file) => {
    const { u2f } = firmwareVectors<Vectors>(file);
    const version = decodeApdu(fromHex(u2f.version.apdu));
    expect(version).toMatchObject({ cla: 0, ins: U2fInstruction.VERSION, p1: 0, p2: 0, extended: true, maxResponseLength: 65536 });
    expect(version.data.length).toBe(0);
    const register = decodeApdu(fromHex(u2f.register.apdu));
    expect(register).toMatchObject({ ins: U2fInstruction.REGISTER, p1: 0, extended: true });
    expect(register.data.length).toBe(64);
    const authenticate = decodeApdu(fromHex(u2f.authenticate.apdu));
    expect(authenticate).toMatchObject({ ins: U2fInstruction.AUTHENTICATE, p1: 0x03 });
    expect(decodeApdu(fromHex(u2f.authenticateCheckOnly.apdu)).p1).toBe(0x07);
    for (const name of ['version', 'register', 'authenticate', 'authenticateCheckOnly'] as const) {
      expect(toHex(encodeApdu(decodeApdu(fromHex(u2f[name].apdu))))).toBe(u2f[name].apdu);
    }
  });

  it('decodes every ISO 7816-4 case', () => {
    expect(decodeApdu(fromHex('00030000'))).toMatchObject({ ins: 3, extended: false, maxResponseLength: undefined, data: new Uint8Array(0) });
    expect(decodeApdu(fromHex('0003000000'))).toMatchObject({ extended: false, maxResponseLength: 256 });
    expect(decodeApdu(fromHex('0003000010'))).toMatchObject({ extended: false, maxResponseLength: 16 });
    expect(decodeApdu(fromHex('0001000003aabbcc'))).toMatchObject({ data: fromHex('aabbcc'), extended: false, maxResponseLength: undefined });
    expect(decodeApdu(fromHex('0001000003aabbcc00'))).toMatchObject({ data: fromHex('aabbcc'), extended: false, maxResponseLength: 256 });
    expect(decodeApdu(fromHex('00030000000000'))).toMatchObject({ extended: true, maxResponseLength: 65536 });
    expect(decodeApdu(fromHex('00030000000100'))).toMatchObject({ extended: true, maxResponseLength: 256, data: new Uint8Array(0) });
    expect(decodeApdu(fromHex('00010000000003aabbcc'))).toMatchObject({ data: fromHex('aabbcc'), extended: true, maxResponseLength: undefined });
    expect(decodeApdu(fromHex('00010000000003aabbcc0100'))).toMatchObject({ data: fromHex('aabbcc'), extended: true, maxResponseLength: 256 });
    expect(decodeApdu(fromHex('00010000000003aabbcc0000'))).toMatchObject({ data: fromHex('aabbcc'), extended: true, maxResponseLength: 65536 });
  });

  it('keeps P1 and P2', () => {
    expect(decodeApdu(fromHex('00020708000001ee'))).toMatchObject({ p1: 7, p2: 8, data: fromHex('ee') });
  });

  it('answers 6E00 for a CLA other than 00', () => {
    expect(u2fStatusWordOf(() => decodeApdu(fromHex('80030000')))).toBe(U2fStatusWord.CLA_NOT_SUPPORTED);
    expect(u2fStatusWordOf(() => decodeApdu(fromHex('01010000000040' + '00'.repeat(64) + '0000')))).toBe(U2fStatusWord.CLA_NOT_SUPPORTED);
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
    expect(u2fStatusWordOf(() => decodeApdu(fromHex(apdu)))).toBe(U2fStatusWord.WRONG_LENGTH);
  });
});
