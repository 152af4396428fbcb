import type { Knex } from 'knex';
import type { ReleaseMetadata } from '../uploads/ReleaseMetadata.js';

/** The stored core metadata of one release (migration 0005), or null when there is no such release. */
export async function loadReleaseMetadata(db: Knex, releaseId: number): Promise<ReleaseMetadata | null> {
  const row = (await db('releases')
    .where('id', releaseId)
    .first(
      'description',
      'description_content_type',
      'author',
      'author_email',
      'maintainer',
      'maintainer_email',
      'license',
      'license_expression',
      'keywords',
      'home_page',
      'download_url',
      'platform',
      'classifiers',
      'requires_dist',
      'provides_extra',
      'dynamic',
      'license_files',
      'project_urls',
    )) as Record<string, string | null> | undefined;
  if (row === undefined) return null;
  return {
    description: row.description ?? null,
    descriptionContentType: row.description_content_type ?? null,
    author: row.author ?? null,
    authorEmail: row.author_email ?? null,
    maintainer: row.maintainer ?? null,
    maintainerEmail: row.maintainer_email ?? null,
    license: row.license ?? null,
    licenseExpression: row.license_expression ?? null,
    keywords: row.keywords ?? null,
    homePage: row.home_page ?? null,
    downloadUrl: row.download_url ?? null,
    platform: row.platform ?? null,
    classifiers: jsonList(row.classifiers),
    requiresDist: jsonList(row.requires_dist),
    providesExtra: jsonList(row.provides_extra),
    dynamic: jsonList(row.dynamic),
    licenseFiles: jsonList(row.license_files),
    projectUrls: jsonList(row.project_urls) as Array<[string, string]> | null,
  };
}

function jsonList(value: string | null | undefined): string[] | null {
  if (value === null || value === undefined) return null;
  const parsed = JSON.parse(value) as unknown;
  return Array.isArray(parsed) ? (parsed as string[]) : null;
}
