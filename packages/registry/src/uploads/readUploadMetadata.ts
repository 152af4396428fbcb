import { validRange } from '@renovatebot/pep440';
import { HttpError } from '../http/HttpError.js';
import { canonicalizeVersion } from '../projects/canonicalizeVersion.js';
import { isValidProjectName } from '../projects/isValidProjectName.js';
import { normalizeProjectName } from '../projects/normalizeProjectName.js';
import type { UploadMetadata } from './UploadMetadata.js';

const metadataHelp = 'See https://packaging.python.org/specifications/core-metadata for more information.';
const knownMetadataVersions = new Set(['1.0', '1.1', '1.2', '2.0', '2.1', '2.2', '2.3', '2.4']);

/**
 * Checks the upload form's action and metadata fields (in that order, as PyPI does) and returns them; a 400 that
 * names the field otherwise. Empty fields count as absent (requests sends None as an empty part).
 */
export function readUploadMetadata(fields: ReadonlyMap<string, readonly string[]>): UploadMetadata {
  const single = (field: string): string | null => {
    const values = (fields.get(field) ?? []).filter((value) => value !== '');
    if (values.length > 1) throw new HttpError(400, 'invalid_field', `Field '${field}' was sent more than once.`);
    return values[0] ?? null;
  };
  const required = (field: string): string => {
    const value = single(field);
    if (value === null) throw new HttpError(400, 'missing_field', `Missing required field '${field}'. ${metadataHelp}`);
    return value;
  };
  const invalid = (field: string, value: string, why: string) =>
    new HttpError(400, 'invalid_field', `'${value.slice(0, 100)}' is an invalid value for ${field}. Error: ${why} ${metadataHelp}`);

  const action = single(':action');
  if (action === null) throw new HttpError(400, 'missing_field', "Missing required field ':action'.");
  if (action === 'submit' || action === 'doc_upload') {
    throw new HttpError(410, 'unsupported_action', `The '${action}' action is not supported: upload your files instead (':action=file_upload').`);
  }
  if (action !== 'file_upload') throw new HttpError(400, 'unsupported_action', `Unknown action '${action.slice(0, 50)}'.`);
  if ((single('protocol_version') ?? '1') !== '1') throw new HttpError(400, 'unsupported_protocol', 'Unknown protocol version.');

  const name = required('name');
  if (!isValidProjectName(name)) {
    throw invalid('Name', name, "Start and end with a letter or numeral containing only ASCII numeric and '.', '_' and '-'.");
  }
  const version = required('version');
  const canonicalVersion = canonicalizeVersion(version);
  if (canonicalVersion === null) {
    throw invalid('Version', version, 'Use a valid PEP 440 version (https://peps.python.org/pep-0440/).');
  }

  const filetype = required('filetype');
  if (filetype !== 'sdist' && filetype !== 'bdist_wheel') {
    throw invalid('filetype', filetype, "Use 'sdist' or 'bdist_wheel' (eggs and other formats are not accepted).");
  }
  let pyversion = single('pyversion');
  if (filetype === 'sdist') {
    if (pyversion !== null && pyversion !== 'source') throw invalid('pyversion', pyversion, "Use 'source' as Python version for an sdist.");
    pyversion = 'source';
  } else if (pyversion === null) {
    throw new HttpError(400, 'missing_field', "Missing required field 'pyversion': Python version is required for binary distribution uploads.");
  }

  const metadataVersion = required('metadata_version');
  if (!knownMetadataVersions.has(metadataVersion)) throw invalid('Metadata-Version', metadataVersion, 'Use a known metadata version.');

  const summary = single('summary');
  if (summary !== null && (summary.length > 512 || /[\r\n]/.test(summary))) {
    throw invalid('Summary', summary, 'Use a single line of at most 512 characters.');
  }
  const requiresPython = single('requires_python');
  if (requiresPython !== null && (requiresPython.length > 255 || !validRange(requiresPython))) {
    throw invalid('Requires-Python', requiresPython, 'Use a valid PEP 440 version specifier (https://peps.python.org/pep-0440/#version-specifiers).');
  }

  const digest = (field: string, hexLength: number): string | null => {
    const value = single(field);
    if (value === null) return null;
    if (value.length !== hexLength || !/^[0-9a-fA-F]+$/.test(value)) throw invalid(field, value, `Use ${hexLength} hexadecimal digits.`);
    return value.toLowerCase();
  };
  const md5 = digest('md5_digest', 32);
  const sha256 = digest('sha256_digest', 64);
  const blake2_256 = digest('blake2_256_digest', 64);
  if (sha256 === null) throw new HttpError(400, 'missing_field', "Missing required field 'sha256_digest'.");

  return {
    name,
    normalizedName: normalizeProjectName(name),
    version,
    canonicalVersion,
    filetype,
    pyversion,
    metadataVersion,
    summary,
    requiresPython,
    sha256,
    md5,
    blake2_256,
  };
}
