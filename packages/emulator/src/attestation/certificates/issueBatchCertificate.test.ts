import { spawnSync } from 'node:child_process';
import { X509Certificate, createPrivateKey, randomBytes, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKeyPair } from '@keybridge/ctap';
import { getCertificateInfo, validateCertificatePath } from '@simplewebauthn/server/helpers';
import { afterAll, describe, expect, it } from 'vitest';
import { AttestationCertificateError } from './AttestationCertificateError.js';
import { issueBatchCertificate } from './issueBatchCertificate.js';
import { loadTestAttestationCa } from './loadTestAttestationCa.js';
import { readCertificate } from './testing/readCertificate.js';

const testCa = loadTestAttestationCa();
const caCertificate = new X509Certificate(testCa.caCertPem);
const caCertPath = fileURLToPath(new URL('../../../../../fixtures/attestation/ca.cert.pem', import.meta.url));
const workDirectory = mkdtempSync(join(tmpdir(), 'keybridge-batch-cert-'));
afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

const AAGUID_OID_DER = '060b2b0601040182e51c010104'; // OBJECT IDENTIFIER 1.3.6.1.4.1.45724.1.1.4

/** The AAGUID extension found by its OID in the raw DER, without any parser. */
function aaguidExtensionBytes(certificateDer: Uint8Array): string | undefined {
  // OID, no critical BOOLEAN, extnValue OCTET STRING (18 bytes) holding OCTET STRING (16 bytes).
  const match = new RegExp(`${AAGUID_OID_DER}04120410([0-9a-f]{32})`).exec(Buffer.from(certificateDer).toString('hex'));
  return match?.[1];
}

function opensslVerify(certificateDer: Uint8Array): { ok: boolean; output: string } {
  const path = join(workDirectory, `${randomBytes(6).toString('hex')}.pem`);
  writeFileSync(path, new X509Certificate(certificateDer).toString());
  const result = spawnSync('openssl', ['verify', '-x509_strict', '-CAfile', caCertPath, path], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

const issue = (aaguid: Uint8Array, batchKeyPem?: string) =>
  issueBatchCertificate({ aaguid, caKeyPem: testCa.caKeyPem, caCertPem: testCa.caCertPem, ...(batchKeyPem ? { batchKeyPem } : {}) });

describe('issueBatchCertificate', () => {
  const aaguid = Uint8Array.from(Buffer.from('0123456789abcdeffedcba9876543210', 'hex'));

  it('issues a certificate signed by the CA with the packed attestation subject and CA:FALSE', async () => {
    const { certificateDer } = await issue(aaguid);
    const certificate = new X509Certificate(certificateDer);
    expect(certificate.verify(caCertificate.publicKey)).toBe(true);
    expect(certificate.checkIssued(caCertificate)).toBe(true);
    expect(certificate.subject).toBe('C=US\nO=keybridge\nOU=Authenticator Attestation\nCN=keybridge emulator batch 1');
    expect(certificate.issuer).toBe(caCertificate.subject);
    expect(certificate.ca).toBe(false);
    expect(Object.getPrototypeOf(certificateDer)).toBe(Uint8Array.prototype);
  });

  it('puts the requested AAGUID in a non-critical id-fido-gen-ce-aaguid extension', async () => {
    const { certificateDer } = await issue(aaguid);
    expect(aaguidExtensionBytes(certificateDer)).toBe('0123456789abcdeffedcba9876543210');
    const extension = readCertificate(certificateDer).extensions.find(({ oid }) => oid === '1.3.6.1.4.1.45724.1.1.4');
    expect(extension?.critical).toBe(false);
    expect(extension?.value).toEqual(Uint8Array.of(0x04, 0x10, ...aaguid));

    const other = await issue(testCa.aaguid);
    expect(aaguidExtensionBytes(other.certificateDer)).toBe(Buffer.from(testCa.aaguid).toString('hex'));
  });

  it('is a v3 ecdsa-with-SHA256 certificate with critical basicConstraints, within the CA validity', async () => {
    const before = Date.now();
    const { certificateDer } = await issue(aaguid);
    const parsed = readCertificate(certificateDer);
    const ca = readCertificate(new Uint8Array(caCertificate.raw));
    expect(getCertificateInfo(Uint8Array.from(certificateDer)).version).toBe(2); // the encoded value of v3
    expect(parsed.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
    const basicConstraints = parsed.extensions.find(({ oid }) => oid === '2.5.29.19');
    expect(basicConstraints).toEqual({ oid: '2.5.29.19', critical: true, value: Uint8Array.of(0x30, 0x00) });
    expect(parsed.issuerName).toEqual(ca.subjectName);
    expect(parsed.notBefore.getTime()).toBeLessThanOrEqual(before);
    expect(parsed.notBefore.getTime()).toBeGreaterThanOrEqual(ca.notBefore.getTime());
    expect(parsed.notAfter).toEqual(ca.notAfter);
    expect(parsed.serialNumber[0]).toBeLessThan(0x80);
  });

  it('encodes the same subject, extensions and key identifiers as the openssl-made batch certificate', async () => {
    const committed = readCertificate(new Uint8Array(new X509Certificate(testCa.batchCertPem).raw));
    const issued = readCertificate((await issue(testCa.aaguid, testCa.batchKeyPem)).certificateDer);
    expect(issued.subjectName).toEqual(committed.subjectName);
    expect(issued.subjectPublicKeyInfo).toEqual(committed.subjectPublicKeyInfo);
    expect(issued.extensions).toEqual(committed.extensions);
  });

  it('is accepted by openssl verify -x509_strict against ca.cert.pem', async () => {
    const result = opensslVerify((await issue(aaguid)).certificateDer);
    expect(result.output).toContain(': OK');
    expect(result.ok).toBe(true);
  });

  it('passes the x5c checks @simplewebauthn/server applies to packed attestation', async () => {
    const { certificateDer } = await issue(aaguid);
    const info = getCertificateInfo(new Uint8Array(certificateDer));
    expect(info.subject).toMatchObject({ C: 'US', O: 'keybridge', OU: 'Authenticator Attestation', CN: 'keybridge emulator batch 1' });
    expect(info.basicConstraintsCA).toBe(false);
    expect(info.version).toBe(2); // ASN.1 value of v3
    expect(info.notBefore.getTime()).toBeLessThanOrEqual(Date.now());
    await expect(
      validateCertificatePath([new X509Certificate(certificateDer).toString()], [testCa.caCertPem]),
    ).resolves.toBe(true);
  });

  it('is rejected by openssl once its signature is tampered with (the check above can fail)', async () => {
    const tampered = new Uint8Array((await issue(aaguid)).certificateDer);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 0x01;
    expect(opensslVerify(tampered).ok).toBe(false);
  });

  it('certifies the given batch key, and returns it as the private key', async () => {
    const { certificateDer, privateKey } = await issue(aaguid, testCa.batchKeyPem);
    const certificate = new X509Certificate(certificateDer);
    expect(certificate.checkPrivateKey(privateKey)).toBe(true);
    expect(certificate.checkPrivateKey(createPrivateKey(testCa.batchKeyPem))).toBe(true);
  });

  it('generates a fresh P-256 key per call when no batch key is given', async () => {
    const first = await issue(aaguid);
    const second = await issue(aaguid);
    expect(first.privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(new X509Certificate(first.certificateDer).checkPrivateKey(first.privateKey)).toBe(true);
    expect(new X509Certificate(first.certificateDer).checkPrivateKey(second.privateKey)).toBe(false);
    expect(first.certificateDer).not.toEqual(second.certificateDer);
    const signature = sign('sha256', Buffer.from('attest'), first.privateKey);
    expect(verify('sha256', Buffer.from('attest'), new X509Certificate(first.certificateDer).publicKey, signature)).toBe(true);
  });

  it.each([0, 15, 17])('rejects a %d-byte AAGUID', async (length) => {
    await expect(issue(new Uint8Array(length))).rejects.toMatchObject({ code: 'INVALID_AAGUID' });
  });

  it('rejects a CA key that does not belong to the CA certificate', async () => {
    await expect(
      issueBatchCertificate({ aaguid, caKeyPem: testCa.batchKeyPem, caCertPem: testCa.caCertPem }),
    ).rejects.toMatchObject({ code: 'KEY_CERTIFICATE_MISMATCH' });
  });

  it('rejects an issuer certificate that is not a CA', async () => {
    await expect(
      issueBatchCertificate({ aaguid, caKeyPem: testCa.batchKeyPem, caCertPem: testCa.batchCertPem }),
    ).rejects.toMatchObject({ code: 'NOT_A_CA' });
  });

  it('rejects a batch key that is not P-256', async () => {
    const p384 = createKeyPair('P-384').privateKey.export({ type: 'pkcs8', format: 'pem' });
    await expect(issue(aaguid, p384.toString())).rejects.toBeInstanceOf(AttestationCertificateError);
    await expect(issue(aaguid, p384.toString())).rejects.toMatchObject({ code: 'UNSUPPORTED_KEY' });
  });
});
