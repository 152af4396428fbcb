import { existsSync, readFileSync } from 'node:fs';
import { AttestationCertificateError } from './AttestationCertificateError.js';

/** The committed test attestation CA and batch certificate (fixtures/attestation), all PEM. */
export interface TestAttestationCa {
  caKeyPem: string;
  caCertPem: string;
  batchKeyPem: string;
  batchCertPem: string;
  /** The AAGUID in batchCertPem's id-fido-gen-ce-aaguid extension (16 bytes). */
  aaguid: Uint8Array;
}

// This file is packages/emulator/{src,dist}/attestation/certificates/: five levels below the repo root. An installed
// package has no repository around it: `npm pack` copies the fixtures into the package (prepack), three levels up.
// The repository's come first, so a checkout never reads the copy a concurrent `npm pack` is writing.
const REPOSITORY_FIXTURES = new URL('../../../../../fixtures/attestation/', import.meta.url);
const FIXTURES_DIRECTORY = existsSync(REPOSITORY_FIXTURES) ? REPOSITORY_FIXTURES : new URL('../../../fixtures/attestation/', import.meta.url);

/**
 * Reads the deliberately public test attestation CA from the repository's fixtures/attestation
 * folder (or from `directory`). Never trust this CA anywhere but in tests.
 */
export function loadTestAttestationCa(directory: URL = FIXTURES_DIRECTORY): TestAttestationCa {
  const read = (name: string) => readFileSync(new URL(name, directory), 'utf8');
  return {
    caKeyPem: read('ca.key.pem'),
    caCertPem: read('ca.cert.pem'),
    batchKeyPem: read('batch.key.pem'),
    batchCertPem: read('batch.cert.pem'),
    aaguid: parseAaguid(read('aaguid.txt').trim()),
  };
}

function parseAaguid(text: string): Uint8Array {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) {
    throw new AttestationCertificateError('INVALID_AAGUID', `aaguid.txt must hold 8-4-4-4-12 hex, got ${JSON.stringify(text)}`);
  }
  return new Uint8Array(Buffer.from(text.replaceAll('-', ''), 'hex'));
}
