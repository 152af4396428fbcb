import type { IndexedRelease, ProjectIndex } from '../simple/ProjectIndex.js';
import type { ReleaseMetadata } from '../uploads/ReleaseMetadata.js';
import type { PypiFile, PypiProjectJson } from './PypiJson.js';
import { renderPypiFile } from './renderPypiFile.js';
import { renderPypiInfo } from './renderPypiInfo.js';

/** GET /pypi/<project>/json for `latest` (see pickLatestRelease): info and urls of that release, and every release. */
export function renderPypiProjectJson(index: ProjectIndex, latest: IndexedRelease, publicUrl: string, metadata: ReleaseMetadata | null = null): PypiProjectJson {
  const releases: Record<string, PypiFile[]> = {};
  for (const release of index.releases) releases[release.version] = [];
  for (const file of index.files) releases[file.release.version]!.push(renderPypiFile(file, publicUrl));
  return {
    info: renderPypiInfo(index, latest, publicUrl, metadata),
    last_serial: index.lastSerial,
    releases,
    urls: releases[latest.version] ?? [],
    vulnerabilities: [],
  };
}
