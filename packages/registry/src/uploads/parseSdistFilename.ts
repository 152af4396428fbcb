/** The parts of a source distribution's filename: `{name}-{version}.tar.gz` or `.zip`. */
export interface SdistFilename {
  /** As written: PEP 625 asks for the normalized name with '_', older setuptools wrote the name as given. */
  name: string;
  version: string;
  extension: '.tar.gz' | '.zip';
}

/**
 * Splits an sdist filename at its last '-' (as packaging.utils.parse_sdist_filename does, so names may contain '-'
 * and versions may not), or null if it is not one.
 */
export function parseSdistFilename(filename: string): SdistFilename | null {
  const extension = filename.endsWith('.tar.gz') ? '.tar.gz' : filename.endsWith('.zip') ? '.zip' : null;
  if (extension === null) return null;
  const stem = filename.slice(0, -extension.length);
  const dash = stem.lastIndexOf('-');
  if (dash <= 0 || dash === stem.length - 1) return null;
  return { name: stem.slice(0, dash), version: stem.slice(dash + 1), extension };
}
