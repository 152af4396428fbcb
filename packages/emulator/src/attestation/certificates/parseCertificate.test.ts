import { readFileSync } from 'node:fs';
import { X509Certificate, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AttestationCertificateError } from './AttestationCertificateError.js';
import { encodeDer, type DerNode } from './encodeDer.js';
import { parseCertificate } from './parseCertificate.js';
import { toHex } from '../../../../../test/support/hex.js';

const fixtures = new URL('../../../../../fixtures/attestation/', import.meta.url);
const load = (name: string) => new X509Certificate(readFileSync(new URL(name, fixtures), 'utf8'));

describe('parseCertificate', () => {
  // The committed certificates were made by openssl, so they check this parser independently.
  const caCertificate = load('ca.cert.pem');
  const batchCertificate = load('batch.cert.pem');
  const batch = parseCertificate(new Uint8Array(batchCertificate.raw));
  const ca = parseCertificate(new Uint8Array(caCertificate.raw));

  it('reads the fields node:crypto also reports', () => {
    expect(batch.version).toBe(3);
    expect(toHex(batch.serialNumber)).toBe(batchCertificate.serialNumber.toLowerCase());
    expect(batch.notBefore).toEqual(new Date(batchCertificate.validFrom));
    expect(batch.notAfter).toEqual(new Date(batchCertificate.validTo));
    expect(batch.subjectPublicKeyInfo).toEqual(
      new Uint8Array(batchCertificate.publicKey.export({ type: 'spki', format: 'der' })),
    );
    expect(batch.signatureAlgorithm).toBe('1.2.840.10045.4.3.2');
  });

  it('keeps issuer and subject names as DER that match across the chain', () => {
    expect(batch.issuerName).toEqual(ca.subjectName);
    expect(ca.issuerName).toEqual(ca.subjectName);
    expect(batch.subjectName).not.toEqual(ca.subjectName);
  });

  it('returns the signed bytes and the signature, so the chain can be checked by hand', () => {
    expect(verify('sha256', batch.tbsCertificate, caCertificate.publicKey, batch.signature)).toBe(true);
    expect(verify('sha256', batch.tbsCertificate, batchCertificate.publicKey, batch.signature)).toBe(false);
  });

  it('lists extensions with criticality and extnValue contents', () => {
    expect(batch.extensions.map(({ oid, critical }) => [oid, critical])).toEqual([
      ['2.5.29.19', true],
      ['2.5.29.15', true],
      ['2.5.29.14', false],
      ['2.5.29.35', false],
      ['1.3.6.1.4.1.45724.1.1.4', false],
    ]);
    expect(toHex(batch.extensions[0]?.value ?? new Uint8Array())).toBe('3000'); // CA:FALSE
    expect(toHex(batch.extensions[4]?.value ?? new Uint8Array())).toMatch(/^0410[0-9a-f]{32}$/);
    expect(ca.extensions.map(({ oid }) => oid)).toEqual(['2.5.29.19', '2.5.29.15', '2.5.29.14']);
  });

  it('decodes large OID arcs, both time forms and a certificate without extensions', () => {
    const name: DerNode = { kind: 'sequence', items: [] };
    const algorithm: DerNode = { kind: 'sequence', items: [{ kind: 'objectIdentifier', value: '2.999.16384.1' }] };
    const tbs: DerNode = {
      kind: 'sequence',
      items: [
        { kind: 'integer', value: 7 }, // no version field: v1
        algorithm,
        name,
        { kind: 'sequence', items: [{ kind: 'time', value: new Date('1999-01-02T03:04:05Z') }, { kind: 'time', value: new Date('2051-06-07T08:09:10Z') }] },
        name,
        { kind: 'sequence', items: [] },
      ],
    };
    const parsed = parseCertificate(
      encodeDer({ kind: 'sequence', items: [tbs, algorithm, { kind: 'bitString', value: Uint8Array.of(1) }] }),
    );
    expect(parsed.version).toBe(1);
    expect(parsed.signatureAlgorithm).toBe('2.999.16384.1');
    expect(parsed.notBefore.toISOString()).toBe('1999-01-02T03:04:05.000Z');
    expect(parsed.notAfter.toISOString()).toBe('2051-06-07T08:09:10.000Z');
    expect(parsed.extensions).toEqual([]);
    expect(parsed.signature).toEqual(Uint8Array.of(1));
  });

  it('rejects truncated or non-certificate input', () => {
    const der = new Uint8Array(batchCertificate.raw);
    expect(() => parseCertificate(der.subarray(0, der.length - 1))).toThrow(AttestationCertificateError);
    expect(() => parseCertificate(encodeDer({ kind: 'sequence', items: [{ kind: 'null' }] }))).toThrow(
      AttestationCertificateError,
    );
    expect(() => parseCertificate(encodeDer({ kind: 'integer', value: 1 }))).toThrow(AttestationCertificateError);
  });
});
