import { describe, expect, it } from 'vitest';
import { AttestationCertificateError } from './AttestationCertificateError.js';
import { encodeDer, type DerNode } from './encodeDer.js';
import { toHex } from '../../../../../test/support/hex.js';

const ascii = (text: string) => Buffer.from(text, 'latin1').toString('hex');

describe('encodeDer', () => {
  it.each([
    [0, '020100'],
    [127, '02017f'],
    [128, '02020080'],
    [256, '02020100'],
    [65_537, '0203010001'],
  ])('encodes the integer %d minimally', (value, expected) => {
    expect(toHex(encodeDer({ kind: 'integer', value }))).toBe(expected);
  });

  it('treats integer bytes as unsigned: strips leading zeros, keeps the sign bit clear', () => {
    expect(toHex(encodeDer({ kind: 'integer', value: Uint8Array.of(0, 0, 0x80, 1) }))).toBe('0203008001');
    expect(toHex(encodeDer({ kind: 'integer', value: Uint8Array.of(0x7f, 0xff) }))).toBe('02027fff');
    expect(toHex(encodeDer({ kind: 'integer', value: new Uint8Array(3) }))).toBe('020100');
  });

  it('rejects negative or unsafe integers', () => {
    expect(() => encodeDer({ kind: 'integer', value: -1 })).toThrow(AttestationCertificateError);
    expect(() => encodeDer({ kind: 'integer', value: 2 ** 53 })).toThrow(AttestationCertificateError);
  });

  it('encodes object identifiers, including multi-byte arcs', () => {
    // ecdsa-with-SHA256 and id-fido-gen-ce-aaguid, as openssl asn1parse shows them.
    expect(toHex(encodeDer({ kind: 'objectIdentifier', value: '1.2.840.10045.4.3.2' }))).toBe('06082a8648ce3d040302');
    expect(toHex(encodeDer({ kind: 'objectIdentifier', value: '1.3.6.1.4.1.45724.1.1.4' }))).toBe('060b2b0601040182e51c010104');
    expect(toHex(encodeDer({ kind: 'objectIdentifier', value: '2.999.3' }))).toBe('0603883703');
  });

  it.each(['', '1', '1.40', '3.1', '1.2.x', '1..2', '1.2.-3'])('rejects the object identifier %j', (value) => {
    expect(() => encodeDer({ kind: 'objectIdentifier', value })).toThrow(AttestationCertificateError);
  });

  it('encodes booleans, null, octet and bit strings', () => {
    expect(toHex(encodeDer({ kind: 'boolean', value: true }))).toBe('0101ff');
    expect(toHex(encodeDer({ kind: 'boolean', value: false }))).toBe('010100');
    expect(toHex(encodeDer({ kind: 'null' }))).toBe('0500');
    expect(toHex(encodeDer({ kind: 'octetString', value: Uint8Array.of(1, 2) }))).toBe('04020102');
    expect(toHex(encodeDer({ kind: 'bitString', value: Uint8Array.of(0xab) }))).toBe('030200ab');
  });

  it('uses the long length form from 128 bytes on, minimally', () => {
    expect(toHex(encodeDer({ kind: 'octetString', value: new Uint8Array(127) })).slice(0, 4)).toBe('047f');
    expect(toHex(encodeDer({ kind: 'octetString', value: new Uint8Array(128) })).slice(0, 6)).toBe('048180');
    expect(toHex(encodeDer({ kind: 'octetString', value: new Uint8Array(300) })).slice(0, 8)).toBe('0482012c');
    expect(encodeDer({ kind: 'octetString', value: new Uint8Array(300) })).toHaveLength(304);
  });

  it('encodes strings: UTF8String as UTF-8, PrintableString only with its character set', () => {
    expect(toHex(encodeDer({ kind: 'utf8String', value: 'é' }))).toBe('0c02c3a9');
    expect(toHex(encodeDer({ kind: 'printableString', value: 'US' }))).toBe('13025553');
    expect(() => encodeDer({ kind: 'printableString', value: 'a@b' })).toThrow(AttestationCertificateError);
  });

  it('encodes times as UTCTime through 2049 and GeneralizedTime otherwise (RFC 5280)', () => {
    const time = (iso: string) => toHex(encodeDer({ kind: 'time', value: new Date(iso) }));
    expect(time('2026-11-25T15:14:49.999Z')).toBe(`170d${ascii('261125151449Z')}`);
    expect(time('2049-12-31T23:59:59Z')).toBe(`170d${ascii('491231235959Z')}`);
    expect(time('1950-01-01T00:00:00Z')).toBe(`170d${ascii('500101000000Z')}`);
    expect(time('2050-01-01T00:00:00Z')).toBe(`180f${ascii('20500101000000Z')}`);
    expect(time('1949-12-31T23:59:59Z')).toBe(`180f${ascii('19491231235959Z')}`);
    expect(() => encodeDer({ kind: 'time', value: new Date(Number.NaN) })).toThrow(AttestationCertificateError);
  });

  it('encodes context-specific tags, sequences, sorted sets and pre-encoded DER', () => {
    const node: DerNode = {
      kind: 'sequence',
      items: [
        { kind: 'explicit', tagNumber: 3, inner: { kind: 'null' } },
        { kind: 'implicitOctets', tagNumber: 0, value: Uint8Array.of(9) },
        { kind: 'set', items: [{ kind: 'integer', value: 2 }, { kind: 'integer', value: 1 }] },
        { kind: 'encoded', der: Uint8Array.of(0x05, 0x00) },
      ],
    };
    expect(toHex(encodeDer(node))).toBe('3011' + 'a3020500' + '800109' + '3106020101020102' + '0500');
    expect(() => encodeDer({ kind: 'explicit', tagNumber: 31, inner: { kind: 'null' } })).toThrow(AttestationCertificateError);
  });
});
