import { X509Certificate } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MetadataStatement } from '@simplewebauthn/server';
import { RegistryConfigError } from '../../config/RegistryConfigError.js';

/**
 * The anchors attestation is judged by, from the operator's trust directory: PEM root certificates (*.pem, any
 * number per file) and FIDO metadata statements (*.json, one per file, as the FIDO MDS has them). A statement whose
 * AAGUID matches a key names its model and, as in the MDS, its attestationRootCertificates are the roots for keys
 * of that model (SimpleWebAuthn then checks the chain against those alone).
 */
export interface AttestationTrust {
  /** The directory it was read from; null when none is configured (no anchors at all). */
  dir: string | null;
  /** Root certificates in PEM, in file-name order. */
  roots: readonly string[];
  /** Metadata statements by AAGUID (lowercase, with dashes). */
  statements: ReadonlyMap<string, MetadataStatement>;
}

/** A trust directory the registry cannot start with: unreadable, or a file in it that is not what its name says. */
export class AttestationTrustError extends RegistryConfigError {
  /** The directory or file at fault. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`attestation trust: ${path}: ${problem}`);
    this.name = 'AttestationTrustError';
    this.path = path;
  }
}

const noTrust: AttestationTrust = { dir: null, roots: [], statements: new Map() };
const loaded = new Map<string, Promise<AttestationTrust>>();

/**
 * The trust of `dir`, read once per process and directory (later calls share the first read, so SimpleWebAuthn's
 * services are set from one object per directory). Call it at startup to fail early; a failed read is not kept.
 */
export function attestationTrustFor(dir: string | null): Promise<AttestationTrust> {
  if (dir === null) return Promise.resolve(noTrust);
  let trust = loaded.get(dir);
  if (!trust) {
    trust = loadAttestationTrust(dir);
    loaded.set(dir, trust);
    trust.catch(() => loaded.delete(dir));
  }
  return trust;
}

/** Reads `dir` afresh. Other files (README…) and subdirectories are ignored. */
export async function loadAttestationTrust(dir: string): Promise<AttestationTrust> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (error) {
    throw new AttestationTrustError(dir, `cannot read the directory (${describe(error)})`);
  }
  const roots: string[] = [];
  const statements = new Map<string, MetadataStatement>();
  const statementFiles = new Map<string, string>();
  for (const name of names) {
    const lower = name.toLowerCase();
    if (name.startsWith('.') || !(lower.endsWith('.pem') || lower.endsWith('.json'))) continue;
    const file = join(dir, name);
    let text: string;
    try {
      if (!(await stat(file)).isFile()) continue;
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new AttestationTrustError(file, `cannot read the file (${describe(error)})`);
    }
    if (lower.endsWith('.pem')) {
      roots.push(...parsePemCertificates(file, text));
      continue;
    }
    const statement = parseMetadataStatement(file, text);
    if (statement.aaguid === undefined) continue; // A U2F or UAF statement: no AAGUID to find it by.
    const earlier = statementFiles.get(statement.aaguid);
    if (earlier) throw new AttestationTrustError(file, `describes AAGUID ${statement.aaguid}, as ${earlier} does already`);
    statementFiles.set(statement.aaguid, file);
    statements.set(statement.aaguid, statement);
  }
  return { dir, roots, statements };
}

const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** Every certificate of a PEM file; a file without one, or with a block of another kind (a key…), is refused. */
function parsePemCertificates(file: string, text: string): string[] {
  const certificates: string[] = [];
  for (const match of text.matchAll(pemBlock)) {
    if (match[1] !== 'CERTIFICATE') throw new AttestationTrustError(file, `holds a ${match[1]}, not only certificates`);
    try {
      certificates.push(new X509Certificate(match[0]).toString());
    } catch (error) {
      throw new AttestationTrustError(file, `certificate ${certificates.length + 1} does not parse (${describe(error)})`);
    }
  }
  if (certificates.length === 0) throw new AttestationTrustError(file, 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
  return certificates;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A metadata statement, checked in the members verification reads (SimpleWebAuthn trusts their shape): description,
 * aaguid, attestationRootCertificates (base64 DER, at least one), authenticationAlgorithms and attestationTypes.
 */
function parseMetadataStatement(file: string, text: string): MetadataStatement {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AttestationTrustError(file, `is not JSON (${describe(error)})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AttestationTrustError(file, 'must hold one metadata statement (a JSON object)');
  const statement = value as Record<string, unknown>;
  const bad = (problem: string) => new AttestationTrustError(file, `is not a usable metadata statement: ${problem}`);
  if (typeof statement.description !== 'string' || statement.description.trim() === '') throw bad('"description" must be a non-empty string');
  let aaguid: string | undefined;
  if (statement.aaguid !== undefined) {
    if (typeof statement.aaguid !== 'string' || !uuid.test(statement.aaguid.toLowerCase())) throw bad('"aaguid" must be a UUID (8-4-4-4-12 hex digits)');
    aaguid = statement.aaguid.toLowerCase();
  }
  const roots = statement.attestationRootCertificates;
  if (!Array.isArray(roots) || roots.length === 0) throw bad('"attestationRootCertificates" must list at least one certificate');
  roots.forEach((root, index) => {
    try {
      if (typeof root !== 'string') throw new TypeError('not a string');
      new X509Certificate(Buffer.from(root, 'base64'));
    } catch (error) {
      throw bad(`attestationRootCertificates[${index}] is not a base64 DER certificate (${describe(error)})`);
    }
  });
  for (const member of ['authenticationAlgorithms', 'attestationTypes']) {
    const list = statement[member];
    if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) throw bad(`"${member}" must be a list of strings`);
  }
  return { ...(statement as unknown as MetadataStatement), ...(aaguid === undefined ? {} : { aaguid }) };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
