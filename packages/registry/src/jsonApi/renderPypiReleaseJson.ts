import type { IndexedRelease, ProjectIndex } from '../simple/ProjectIndex.js';
import type { PypiReleaseJson } from './PypiJson.js';
import { renderPypiFile } from './renderPypiFile.js';
import { renderPypiInfo } from './renderPypiInfo.js';

/** GET /pypi/<project>/<version>/json: info and urls of one release. */
export function renderPypiReleaseJson(index: ProjectIndex, release: IndexedRelease, publicUrl: string): PypiReleaseJson {
  return {
    info: renderPypiInfo(index, release, publicUrl),
    last_serial: index.lastSerial,
    urls: index.files.filter((file) => file.release.id === release.id).map((file) => renderPypiFile(file, publicUrl)),
    vulnerabilities: [],
  };
}
