import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AttestationCertificateError } from './AttestationCertificateError.js';
import { parseDer } from './parseDer.js';
import { fromHex, toHex } from '../../../../../test/support/hex.js';


describe('parseDer', () => {
  it('parses nested elements, with whole encodings, contents and children', () => {
    const element = parseDer(fromHex('3008' + '0201' + '05' + 'a003' + '0101ff'));
    expect(element.tag).toBe(0x30);
    expect(toHex(element.contents)).toBe('020105a0030101ff');
    expect(element.children.map((child) => child.tag)).toEqual([0x02, 0xa0]);
    expect(toHex(element.children[0]?.der ?? new Uint8Array())).toBe('020105');
    expect(toHex(element.children[1]?.children[0]?.contents ?? new Uint8Array())).toBe('ff');
    expect(element.children[0]?.children).toEqual([]);
  });

  it('parses the long length form', () => {
    const element = parseDer(fromHex('0481c8' + '00'.repeat(200)));
    expect(element.contents).toHaveLength(200);
    expect(parseDer(fromHex('0482012c' + '11'.repeat(300))).contents).toHaveLength(300);
  });

  it('parses a real certificate back to the same bytes', () => {
    const pem = readFileSync(new URL('../../../../../fixtures/attestation/batch.cert.pem', import.meta.url), 'utf8');
    const der = new Uint8Array(new X509Certificate(pem).raw);
    const certificate = parseDer(der);
    expect(certificate.der).toEqual(der);
    expect(certificate.children.map((child) => child.tag)).toEqual([0x30, 0x30, 0x03]);
  });

  it.each([
    ['empty input', ''],
    ['a missing length', '30'],
    ['contents past the end', '0403aabb'],
    ['trailing bytes', '050000'],
    ['indefinite length', '308005000000'],
    ['a non-minimal long length', '04810100'],
    ['a long length with a leading zero', '0482008000'],
    ['a truncated long length', '0482'],
    ['a high tag number', '1f0100'],
    ['a child overrunning its parent', '3007' + '3002' + '0403' + '000000'],
    ['a child with a truncated header', '300104'],
  ])('rejects %s', (_, input) => {
    expect(() => parseDer(fromHex(input))).toThrow(AttestationCertificateError);
    try {
      parseDer(fromHex(input));
    } catch (error) {
      expect((error as AttestationCertificateError).code).toBe('MALFORMED_DER');
    }
  });
});
