import type { IndexedRelease, ProjectIndex } from '../simple/ProjectIndex.js';
import type { ReleaseMetadata } from '../uploads/ReleaseMetadata.js';
import type { PypiInfo } from './PypiJson.js';

/**
 * The `info` of PyPI's JSON API for one release of a project, from what the database keeps: the release's core
 * metadata (`metadata`, see loadReleaseMetadata; null for none) as its first upload's form gave it.
 */
export function renderPypiInfo(index: ProjectIndex, release: IndexedRelease, publicUrl: string, metadata: ReleaseMetadata | null = null): PypiInfo {
  const projectUrl = `${publicUrl}/project/${encodeURIComponent(index.name)}/`;
  return {
    author: metadata?.author ?? null,
    author_email: metadata?.authorEmail ?? null,
    bugtrack_url: null,
    classifiers: metadata?.classifiers ?? [],
    description: metadata?.description ?? null,
    description_content_type: metadata?.descriptionContentType ?? null,
    docs_url: null,
    download_url: metadata?.downloadUrl ?? null,
    downloads: { last_day: -1, last_month: -1, last_week: -1 },
    dynamic: metadata?.dynamic ?? null,
    home_page: metadata?.homePage ?? null,
    keywords: metadata?.keywords ?? null,
    license: metadata?.license ?? null,
    license_expression: metadata?.licenseExpression ?? null,
    license_files: metadata?.licenseFiles ?? null,
    maintainer: metadata?.maintainer ?? null,
    maintainer_email: metadata?.maintainerEmail ?? null,
    name: index.name,
    package_url: projectUrl,
    platform: metadata?.platform ?? null,
    project_url: projectUrl,
    project_urls: metadata?.projectUrls ? Object.fromEntries(metadata.projectUrls) : null,
    provides_extra: metadata?.providesExtra ?? null,
    release_url: `${projectUrl}${encodeURIComponent(release.version)}/`,
    requires_dist: metadata?.requiresDist ?? null,
    requires_python: release.requiresPython,
    summary: release.summary,
    version: release.version,
    yanked: release.yanked,
    yanked_reason: release.yanked ? release.yankedReason : null,
  };
}
