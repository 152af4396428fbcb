import { filePath } from './filePath.js';
import type { ProjectIndex } from './ProjectIndex.js';
import { simpleApiVersion } from './SimpleFormat.js';

/** One file of a PEP 691 project page. */
export interface SimpleJsonFile {
  filename: string;
  url: string;
  hashes: { sha256: string };
  'requires-python'?: string;
  /** PEP 714. The older `dist-info-metadata` key is left out on purpose: pip 22.3–23.2 fails on any value of it. */
  'core-metadata': { sha256: string } | false;
  yanked: boolean | string;
  /** PEP 700. */
  size: number;
  'upload-time': string;
}

/** A PEP 691 project page. */
export interface SimpleJsonProject {
  meta: { 'api-version': string; '_last-serial': number };
  name: string;
  /** PEP 700: every version with a release, oldest first. */
  versions: string[];
  files: SimpleJsonFile[];
}

/** A project's page of the Simple API in JSON (PEP 691, API version 1.1 with PEP 700's fields). URLs are relative to the page. */
export function renderProjectJson(index: ProjectIndex): SimpleJsonProject {
  return {
    meta: { 'api-version': simpleApiVersion, '_last-serial': index.lastSerial },
    name: index.normalizedName,
    versions: index.releases.map((release) => release.version),
    files: index.files.map((file) => ({
      filename: file.filename,
      url: `../../${filePath(file.sha256, file.filename)}`,
      hashes: { sha256: file.sha256 },
      ...(file.requiresPython === null ? {} : { 'requires-python': file.requiresPython }),
      'core-metadata': file.metadataSha256 === null ? false : { sha256: file.metadataSha256 },
      // PEP 592: a reason when there is one, else a boolean (an empty string would read as "not yanked").
      yanked: file.yanked ? file.yankedReason || true : false,
      size: file.size,
      'upload-time': file.uploadedAt.toISOString(),
    })),
  };
}
