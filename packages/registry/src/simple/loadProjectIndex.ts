import type { Knex } from 'knex';
import { compareVersions } from './compareVersions.js';
import { readTimestamp } from './readTimestamp.js';
import type { IndexedFile, IndexedRelease, ProjectIndex } from './ProjectIndex.js';

interface Row {
  project_id: number;
  project_name: string;
  normalized_name: string;
  release_id: number | null;
  version: string | null;
  canonical_version: string | null;
  release_requires_python: string | null;
  summary: string | null;
  release_yanked: boolean | number | null;
  yanked_reason: string | null;
  release_created_at: string | number | Date | null;
  file_id: number | null;
  filename: string | null;
  packagetype: string | null;
  python_version: string | null;
  size: string | number | null;
  sha256: string | null;
  md5: string | null;
  blake2_256: string | null;
  metadata_sha256: string | null;
  file_requires_python: string | null;
  uploaded_at: string | number | Date | null;
  file_yanked: boolean | number | null;
}

/**
 * The project whose normalized name is `normalizedName`, with its releases and files, in one query (the Simple
 * API's hot path), or null when there is no such project. Rows are read portably (see 0002_packages.ts).
 */
export async function loadProjectIndex(db: Knex, normalizedName: string): Promise<ProjectIndex | null> {
  const rows = (await db('projects as p')
    .leftJoin('releases as r', 'r.project_id', 'p.id')
    .leftJoin('files as f', 'f.release_id', 'r.id')
    .where('p.normalized_name', normalizedName)
    .select(
      'p.id as project_id',
      'p.name as project_name',
      'p.normalized_name',
      'r.id as release_id',
      'r.version',
      'r.canonical_version',
      'r.requires_python as release_requires_python',
      'r.summary',
      'r.yanked as release_yanked',
      'r.yanked_reason',
      'r.created_at as release_created_at',
      'f.id as file_id',
      'f.filename',
      'f.packagetype',
      'f.python_version',
      'f.size',
      'f.sha256',
      'f.md5',
      'f.blake2_256',
      'f.metadata_sha256',
      'f.requires_python as file_requires_python',
      'f.uploaded_at',
      'f.yanked as file_yanked',
    )) as Row[];
  const first = rows[0];
  if (first === undefined) return null;

  const releases = new Map<number, IndexedRelease>();
  const files: IndexedFile[] = [];
  for (const row of rows) {
    if (row.release_id === null) continue;
    let release = releases.get(Number(row.release_id));
    if (release === undefined) {
      release = {
        id: Number(row.release_id),
        version: row.version!,
        canonicalVersion: row.canonical_version!,
        requiresPython: row.release_requires_python,
        summary: row.summary,
        yanked: Boolean(row.release_yanked),
        yankedReason: row.yanked_reason,
        createdAt: readTimestamp(row.release_created_at!),
      };
      releases.set(release.id, release);
    }
    if (row.file_id === null) continue;
    const yanked = release.yanked || Boolean(row.file_yanked);
    files.push({
      id: Number(row.file_id),
      release,
      filename: row.filename!,
      packagetype: row.packagetype === 'sdist' ? 'sdist' : 'bdist_wheel',
      pythonVersion: row.python_version!,
      size: Number(row.size),
      sha256: row.sha256!,
      md5: row.md5!,
      blake2_256: row.blake2_256!,
      metadataSha256: row.metadata_sha256,
      requiresPython: row.file_requires_python ?? release.requiresPython,
      uploadedAt: readTimestamp(row.uploaded_at!),
      yanked,
      yankedReason: yanked ? release.yankedReason : null,
    });
  }

  const sortedReleases = [...releases.values()].sort((left, right) => compareVersions(left.canonicalVersion, right.canonicalVersion));
  const order = new Map(sortedReleases.map((release, index) => [release.id, index]));
  files.sort((left, right) => order.get(left.release.id)! - order.get(right.release.id)! || compareCodePoints(left.filename, right.filename));
  return {
    id: Number(first.project_id),
    name: first.project_name,
    normalizedName: first.normalized_name,
    releases: sortedReleases,
    files,
    lastSerial: files.reduce((serial, file) => Math.max(serial, file.id), 0),
  };
}

function compareCodePoints(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
