import type { IndexedRelease, ProjectIndex } from '../simple/ProjectIndex.js';
import type { ReleaseMetadata } from '../uploads/ReleaseMetadata.js';
import type { PypiReleaseJson } from './PypiJson.js';
import { renderPypiFile } from './renderPypiFile.js';
import { renderPypiInfo } from './renderPypiInfo.js';

/** GET /pypi/<project>/<version>/json: info and urls of one release. */
export function renderPypiReleaseJson(index: ProjectIndex, release: IndexedRelease, publicUrl: string, metadata: ReleaseMetadata | null = null): PypiReleaseJson {
  return {
    info: renderPypiInfo(index, release, publicUrl, metadata),
    last_serial: index.lastSerial,
    urls: index.files.filter((file) => file.release.id === release.id).map((file) => renderPypiFile(file, publicUrl)),
    vulnerabilities: [],
  };
}
