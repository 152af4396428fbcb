import { spawnSync } from 'node:child_process';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTestAttestationCa } from './loadTestAttestationCa.js';
import { readCertificate } from './testing/readCertificate.js';

const fixturesPath = fileURLToPath(new URL('../../../../../fixtures/attestation/', import.meta.url));
const AAGUID_OID = '1.3.6.1.4.1.45724.1.1.4';

describe('loadTestAttestationCa', () => {
  const testCa = loadTestAttestationCa();
  const caCertificate = new X509Certificate(testCa.caCertPem);
  const batchCertificate = new X509Certificate(testCa.batchCertPem);

  it('reads the committed fixtures from the repository root', () => {
    expect(existsSync(join(fixturesPath, 'generate.sh'))).toBe(true);
    expect(testCa.caCertPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(testCa.batchCertPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(testCa.caKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(testCa.batchKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('parses aaguid.txt into 16 bytes', () => {
    expect(Buffer.from(testCa.aaguid).toString('hex')).toBe('6b657962726944678500656d756c6174');
  });

  it('has a committed batch certificate carrying the AAGUID of aaguid.txt', () => {
    const extension = readCertificate(new Uint8Array(batchCertificate.raw)).extensions.find(({ oid }) => oid === AAGUID_OID);
    expect(extension?.critical).toBe(false);
    expect(extension?.value).toEqual(Uint8Array.of(0x04, 0x10, ...testCa.aaguid));
  });

  it('has a committed batch certificate that chains to ca.cert.pem', () => {
    expect(batchCertificate.verify(caCertificate.publicKey)).toBe(true);
    expect(batchCertificate.checkIssued(caCertificate)).toBe(true);
    expect(batchCertificate.ca).toBe(false);
    expect(batchCertificate.subject).toBe('C=US\nO=keybridge\nOU=Authenticator Attestation\nCN=keybridge emulator batch 1');
    const result = spawnSync(
      'openssl',
      ['verify', '-x509_strict', '-CAfile', join(fixturesPath, 'ca.cert.pem'), join(fixturesPath, 'batch.cert.pem')],
      { encoding: 'utf8' },
    );
    expect(result.stdout).toContain(': OK');
    expect(result.status).toBe(0);
  });

  it('has a self-signed P-256 root CA and keys that match their certificates', () => {
    expect(caCertificate.ca).toBe(true);
    expect(caCertificate.subject).toContain('CN=keybridge Test Attestation Root CA');
    expect(caCertificate.verify(caCertificate.publicKey)).toBe(true);
    expect(caCertificate.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(caCertificate.checkPrivateKey(createPrivateKey(testCa.caKeyPem))).toBe(true);
    expect(batchCertificate.checkPrivateKey(createPrivateKey(testCa.batchKeyPem))).toBe(true);
    const basicConstraints = readCertificate(new Uint8Array(caCertificate.raw)).extensions.find(({ oid }) => oid === '2.5.29.19');
    expect(basicConstraints?.critical).toBe(true);
    expect(createPublicKey(testCa.batchKeyPem).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('reads another directory when given one, and rejects a malformed aaguid.txt', () => {
    const directory = mkdtempSync(join(tmpdir(), 'keybridge-test-ca-'));
    try {
      for (const name of ['ca.key.pem', 'ca.cert.pem', 'batch.key.pem', 'batch.cert.pem']) writeFileSync(join(directory, name), name);
      writeFileSync(join(directory, 'aaguid.txt'), '00112233-4455-6677-8899-AABBCCDDEEFF\n');
      const loaded = loadTestAttestationCa(pathToFileURL(`${directory}/`));
      expect(loaded.caCertPem).toBe('ca.cert.pem');
      expect(Buffer.from(loaded.aaguid).toString('hex')).toBe('00112233445566778899aabbccddeeff');
      writeFileSync(join(directory, 'aaguid.txt'), '00112233445566778899aabbccddeeff\n');
      expect(() => loadTestAttestationCa(pathToFileURL(`${directory}/`))).toThrow(/INVALID_AAGUID/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
