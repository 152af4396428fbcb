import { HttpError } from '../http/HttpError.js';
import { canonicalizeVersion } from '../projects/canonicalizeVersion.js';
import { normalizeProjectName } from '../projects/normalizeProjectName.js';
import type { UploadMetadata } from './UploadMetadata.js';
import type { CoreMetadataFields } from './parseCoreMetadata.js';

/**
 * Checks that the core metadata inside a distribution (a wheel's METADATA, an sdist's PKG-INFO: `which`) says what
 * the upload form says: the same name after PEP 503 normalization, the same version after PEP 440 normalization,
 * and the same Requires-Python (compared clause by clause, whitespace ignored; absent on both sides or on neither).
 * Otherwise a 400 naming the field, as Warehouse answers: installers read the file, the index reads the form, and
 * pip refuses a release whose two disagree.
 */
export function checkCoreMetadataAgrees(fields: CoreMetadataFields, metadata: UploadMetadata, which: string, options: { requiresPython: boolean }): void {
  const single = (field: string): string | null => {
    const values = fields.get(field.toLowerCase()) ?? [];
    if (values.length > 1) throw new HttpError(400, 'metadata_mismatch', `${which} has more than one ${field} field.`);
    return values[0] ?? null;
  };
  const mismatch = (field: string, inFile: string | null, inForm: string | null) =>
    new HttpError(
      400,
      'metadata_mismatch',
      `${field} in ${which} (${inFile === null ? 'absent' : `'${inFile.slice(0, 100)}'`}) does not match the ${field} of the upload form (${inForm === null ? 'absent' : `'${inForm.slice(0, 100)}'`}).`,
    );

  const name = single('Name');
  if (name === null || normalizeProjectName(name) !== metadata.normalizedName) throw mismatch('Name', name, metadata.name);
  const version = single('Version');
  if (version === null || canonicalizeVersion(version) !== metadata.canonicalVersion) throw mismatch('Version', version, metadata.version);
  if (options.requiresPython) {
    const requiresPython = single('Requires-Python');
    if (normalizeSpecifiers(requiresPython) !== normalizeSpecifiers(metadata.requiresPython)) throw mismatch('Requires-Python', requiresPython, metadata.requiresPython);
  }
}

/** A version specifier set in one spelling: clauses without whitespace, sorted; null when empty. */
function normalizeSpecifiers(specifiers: string | null): string | null {
  if (specifiers === null) return null;
  const clauses = specifiers
    .split(',')
    .map((clause) => clause.replace(/\s+/g, ''))
    .filter((clause) => clause !== '')
    .sort();
  return clauses.length === 0 ? null : clauses.join(',');
}
