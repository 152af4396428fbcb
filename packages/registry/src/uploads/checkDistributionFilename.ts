import { HttpError } from '../http/HttpError.js';
import { canonicalizeVersion } from '../projects/canonicalizeVersion.js';
import { normalizeProjectName } from '../projects/normalizeProjectName.js';
import type { UploadMetadata } from './UploadMetadata.js';
import { parseSdistFilename } from './parseSdistFilename.js';
import { parseWheelFilename, type WheelFilename } from './parseWheelFilename.js';

export interface DistributionFilename {
  packagetype: 'sdist' | 'bdist_wheel';
  /** 'source' for sdists, the wheel's python tag otherwise (files.python_version). */
  pythonVersion: string;
  /** The wheel's parts (for finding its .dist-info directory). */
  wheel: WheelFilename | null;
}

const formatHelp = 'See https://packaging.python.org/specifications/binary-distribution-format for more information.';

/**
 * Checks that an uploaded file's name is a safe, plain name of an sdist or wheel of this very project and version
 * (PyPI's checks, in its order); a 400 with PyPI's wording otherwise.
 */
export function checkDistributionFilename(filename: string, metadata: UploadMetadata): DistributionFilename {
  const bad = (message: string) => new HttpError(400, 'invalid_filename', message);
  if (filename === '') throw bad('Upload payload does not have a file name.');
  if (filename.includes('/') || filename.includes('\\')) throw bad("Cannot upload a file with '/' or '\\' in the name.");
  // Control characters, spaces, non-ASCII: no distribution filename has them, and they would only confuse later.
  if (!/^[A-Za-z0-9._+!-]+$/.test(filename) || filename.length > 255) throw bad(`Invalid filename '${filename.slice(0, 100)}'.`);

  const isWheel = filename.endsWith('.whl');
  const isSdist = filename.endsWith('.tar.gz') || filename.endsWith('.zip');
  if (!isWheel && !isSdist) {
    throw bad('Invalid file extension: Use .tar.gz, .whl or .zip extension. See https://www.python.org/dev/peps/pep-0527 and https://peps.python.org/pep-0715/ for more information.');
  }
  if (isWheel !== (metadata.filetype === 'bdist_wheel')) {
    throw bad(`Invalid file extension for filetype '${metadata.filetype}': use ${metadata.filetype === 'sdist' ? '.tar.gz or .zip' : '.whl'}.`);
  }

  const parsed = isWheel ? parseWheelFilename(filename) : parseSdistFilename(filename);
  if (parsed === null) throw bad(`Invalid ${isWheel ? 'wheel' : 'sdist'} filename '${filename}'. ${formatHelp}`);
  if (normalizeProjectName(parsed.name) !== metadata.normalizedName) {
    throw bad(`Start filename for '${metadata.name}' with '${metadata.normalizedName.replace(/-/g, '_')}'.`);
  }
  const filenameVersion = canonicalizeVersion(parsed.version);
  if (filenameVersion === null || filenameVersion !== metadata.canonicalVersion) {
    throw bad(`Version in filename should be '${metadata.version}' not '${parsed.version}'. ${formatHelp}`);
  }

  if ('pythonTag' in parsed) return { packagetype: 'bdist_wheel', pythonVersion: parsed.pythonTag, wheel: parsed };
  return { packagetype: 'sdist', pythonVersion: 'source', wheel: null };
}
