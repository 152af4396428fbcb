import type { IndexedRelease, ProjectIndex } from '../simple/ProjectIndex.js';
import type { PypiInfo } from './PypiJson.js';

/** The `info` of PyPI's JSON API for one release of a project, from what the database keeps. */
export function renderPypiInfo(index: ProjectIndex, release: IndexedRelease, publicUrl: string): PypiInfo {
  const projectUrl = `${publicUrl}/project/${encodeURIComponent(index.name)}/`;
  return {
    author: null,
    author_email: null,
    bugtrack_url: null,
    classifiers: [],
    description: null,
    description_content_type: null,
    docs_url: null,
    download_url: null,
    downloads: { last_day: -1, last_month: -1, last_week: -1 },
    dynamic: null,
    home_page: null,
    keywords: null,
    license: null,
    license_expression: null,
    license_files: null,
    maintainer: null,
    maintainer_email: null,
    name: index.name,
    package_url: projectUrl,
    platform: null,
    project_url: projectUrl,
    project_urls: null,
    provides_extra: null,
    release_url: `${projectUrl}${encodeURIComponent(release.version)}/`,
    requires_dist: null,
    requires_python: release.requiresPython,
    summary: release.summary,
    version: release.version,
    yanked: release.yanked,
    yanked_reason: release.yanked ? release.yankedReason : null,
  };
}
