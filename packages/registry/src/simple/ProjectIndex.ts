/** A release of a project, as the read side serves it. */
export interface IndexedRelease {
  id: number;
  /** As uploaded. */
  version: string;
  /** PEP 440 normalized. */
  canonicalVersion: string;
  requiresPython: string | null;
  summary: string | null;
  yanked: boolean;
  yankedReason: string | null;
  createdAt: Date;
}

/** A file of a release, as the read side serves it. */
export interface IndexedFile {
  id: number;
  release: IndexedRelease;
  filename: string;
  packagetype: 'sdist' | 'bdist_wheel';
  pythonVersion: string;
  size: number;
  /** Lower-case hex digests. */
  sha256: string;
  md5: string;
  blake2_256: string;
  /** Hex SHA-256 of the wheel's METADATA served beside it (PEP 658), or null when there is none. */
  metadataSha256: string | null;
  /** The file's own Requires-Python, else its release's. */
  requiresPython: string | null;
  uploadedAt: Date;
  /** Yanked itself or with its release (PEP 592). */
  yanked: boolean;
  /** The release's reason when yanked and one was given. */
  yankedReason: string | null;
}

/** Everything the Simple API and the JSON API serve about one project. */
export interface ProjectIndex {
  id: number;
  /** As first uploaded. */
  name: string;
  /** PEP 503 normalized. */
  normalizedName: string;
  /** Oldest to newest by PEP 440 ordering. */
  releases: IndexedRelease[];
  /** By release (PEP 440 order), then filename. */
  files: IndexedFile[];
  /** The id of the project's newest file (0 without any): grows with every upload, like PyPI's serial. */
  lastSerial: number;
}
