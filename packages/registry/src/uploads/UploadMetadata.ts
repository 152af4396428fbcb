/** The checked metadata fields of one upload (the form twine sends with the file). */
export interface UploadMetadata {
  /** As sent (twine sends the name with runs of other characters than letters, digits and '.' turned into '-'). */
  name: string;
  /** PEP 503 normalized. */
  normalizedName: string;
  /** As sent. */
  version: string;
  /** PEP 440 normalized. */
  canonicalVersion: string;
  filetype: 'sdist' | 'bdist_wheel';
  /** 'source' for sdists; the python tag twine read from the wheel otherwise. */
  pyversion: string;
  metadataVersion: string;
  summary: string | null;
  requiresPython: string | null;
  /** Lower-case hex digests the client computed; sha256 is required, the others are checked when sent. */
  sha256: string;
  md5: string | null;
  blake2_256: string | null;
}
