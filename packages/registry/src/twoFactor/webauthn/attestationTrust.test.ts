import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RegistryConfigError } from '../../config/RegistryConfigError.js';
import { attestationTrustFor, AttestationTrustError, loadAttestationTrust } from './attestationTrust.js';

const fixtures = new URL('../../../../../fixtures/', import.meta.url);
const caPem = readFileSync(new URL('attestation/ca.cert.pem', fixtures), 'utf8');
const batchPem = readFileSync(new URL('attestation/batch.cert.pem', fixtures), 'utf8');
const statementFile = new URL('metadata/keybridge-emulator.json', fixtures);
const statement = JSON.parse(readFileSync(statementFile, 'utf8')) as Record<string, unknown>;
const emulatorAaguid = readFileSync(new URL('attestation/aaguid.txt', fixtures), 'utf8').trim();

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function trustDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'keybridge-trust-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function failure(dir: string): Promise<AttestationTrustError> {
  const error = await loadAttestationTrust(dir).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AttestationTrustError);
  return error as AttestationTrustError;
}

describe('loadAttestationTrust', () => {
  it('reads every certificate of the PEM files and the metadata statements by AAGUID, ignoring other files', async () => {
    const dir = trustDir({ 'b-roots.pem': `${caPem}\n${batchPem}`, 'a.pem': caPem, 'README.md': 'not a root', '.hidden.pem': 'ignored' });
    copyFileSync(statementFile, join(dir, 'emulator.json'));
    mkdirSync(join(dir, 'sub.pem'));
    const trust = await loadAttestationTrust(dir);
    expect(trust.dir).toBe(dir);
    expect(trust.roots.map((pem) => new X509Certificate(pem).subject)).toEqual([
      new X509Certificate(caPem).subject, // a.pem
      new X509Certificate(caPem).subject, // b-roots.pem, in file order
      new X509Certificate(batchPem).subject,
    ]);
    expect([...trust.statements.keys()]).toEqual([emulatorAaguid]);
    expect(trust.statements.get(emulatorAaguid)?.description).toBe('keybridge emulator (test authenticator)');
  });

  it('keys statements by lowercase AAGUID, and skips statements without one (U2F, UAF)', async () => {
    const dir = trustDir({
      'upper.json': JSON.stringify({ ...statement, aaguid: emulatorAaguid.toUpperCase() }),
      'u2f.json': JSON.stringify({ ...statement, aaguid: undefined, attestationCertificateKeyIdentifiers: ['00'] }),
    });
    expect([...(await loadAttestationTrust(dir)).statements.keys()]).toEqual([emulatorAaguid]);
  });

  it('is a startup error (RegistryConfigError, exit status 2) naming a directory that cannot be read', async () => {
    const missing = join(trustDir(), 'nowhere');
    const error = await failure(missing);
    expect(error).toBeInstanceOf(RegistryConfigError);
    expect(error.exitCode).toBe(2);
    expect(error.path).toBe(missing);
    expect(error.message).toMatch(new RegExp(`^attestation trust: ${missing}: cannot read the directory \\(ENOENT`));
  });

  it.each<[string, Record<string, string>, string, RegExp]>([
    ['a PEM file without certificates', { 'empty.pem': 'nothing here' }, 'empty.pem', /holds no PEM certificate/],
    ['a certificate that does not parse', { 'broken.pem': '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n' }, 'broken.pem', /certificate 1 does not parse/],
    ['a private key among the roots', { 'key.pem': `${caPem}-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n` }, 'key.pem', /holds a PRIVATE KEY, not only certificates/],
    ['a JSON file that is not JSON', { 'bad.json': '{ "aaguid": ' }, 'bad.json', /is not JSON/],
    ['a JSON list', { 'list.json': '[]' }, 'list.json', /must hold one metadata statement/],
    ['a statement without a description', { 'nameless.json': JSON.stringify({ ...statement, description: '' }) }, 'nameless.json', /"description" must be a non-empty string/],
    ['a malformed AAGUID', { 'aaguid.json': JSON.stringify({ ...statement, aaguid: 'emulator' }) }, 'aaguid.json', /"aaguid" must be a UUID/],
    ['a statement without roots', { 'rootless.json': JSON.stringify({ ...statement, attestationRootCertificates: [] }) }, 'rootless.json', /must list at least one certificate/],
    ['a root that is not DER', { 'der.json': JSON.stringify({ ...statement, attestationRootCertificates: ['bm90IERFUg=='] }) }, 'der.json', /attestationRootCertificates\[0\] is not a base64 DER certificate/],
    ['algorithms missing', { 'algs.json': JSON.stringify({ ...statement, authenticationAlgorithms: undefined }) }, 'algs.json', /"authenticationAlgorithms" must be a list of strings/],
    ['two statements for one AAGUID', { 'one.json': JSON.stringify(statement), 'two.json': JSON.stringify(statement) }, 'two.json', /describes AAGUID 6b657962-7269-4467-8500-656d756c6174, as .*one\.json does already/],
  ])('is a startup error naming the file for %s', async (_, files, file, message) => {
    const dir = trustDir(files);
    const error = await failure(dir);
    expect(error.path).toBe(join(dir, file));
    expect(error.message.startsWith(`attestation trust: ${join(dir, file)}: `)).toBe(true);
    expect(error.message).toMatch(message);
  });

  it('names a file it cannot read (a dangling link: root reads even mode 000 files)', async () => {
    const dir = trustDir();
    symlinkSync(join(dir, 'gone.pem'), join(dir, 'root.pem'));
    const error = await failure(dir);
    expect(error.path).toBe(join(dir, 'root.pem'));
    expect(error.message).toMatch(/root\.pem: cannot read the file \(ENOENT/);
  });
});

describe('attestationTrustFor', () => {
  it('reads a directory once per process, shares that object, and keeps no failed read', async () => {
    const dir = trustDir({ 'ca.pem': caPem });
    const first = await attestationTrustFor(dir);
    writeFileSync(join(dir, 'later.pem'), batchPem);
    expect(await attestationTrustFor(dir)).toBe(first);
    expect(first.roots).toHaveLength(1);

    const broken = trustDir({ 'bad.pem': 'no certificate' });
    await expect(attestationTrustFor(broken)).rejects.toBeInstanceOf(AttestationTrustError);
    writeFileSync(join(broken, 'bad.pem'), caPem);
    expect((await attestationTrustFor(broken)).roots).toHaveLength(1);
  });

  it('has no anchors without a directory', async () => {
    expect(await attestationTrustFor(null)).toEqual({ dir: null, roots: [], statements: new Map() });
  });
});
