import type { Knex } from 'knex';
import { readTimestamp } from '../simple/readTimestamp.js';

/** A project with the release of its newest file. */
export interface RecentlyUpdatedProject {
  name: string;
  normalizedName: string;
  version: string;
  summary: string | null;
  updatedAt: Date;
}

/** The `limit` projects with the newest uploads (file ids grow with every upload), newest first. */
export async function listRecentlyUpdatedProjects(db: Knex, limit: number): Promise<RecentlyUpdatedProject[]> {
  const newest = (await db('projects as p')
    .join('releases as r', 'r.project_id', 'p.id')
    .join('files as f', 'f.release_id', 'r.id')
    .groupBy('p.id')
    .max({ file_id: 'f.id' })
    .orderBy('file_id', 'desc')
    .limit(limit)) as Array<{ file_id: number | string }>;
  if (newest.length === 0) return [];
  const rows = (await db('files as f')
    .join('releases as r', 'r.id', 'f.release_id')
    .join('projects as p', 'p.id', 'r.project_id')
    .whereIn('f.id', newest.map((row) => Number(row.file_id)))
    .select('f.id', 'p.name', 'p.normalized_name', 'r.version', 'r.summary', 'f.uploaded_at')) as Array<{
    id: number | string;
    name: string;
    normalized_name: string;
    version: string;
    summary: string | null;
    uploaded_at: string | number | Date;
  }>;
  rows.sort((left, right) => Number(right.id) - Number(left.id));
  return rows.map((row) => ({ name: row.name, normalizedName: row.normalized_name, version: row.version, summary: row.summary, updatedAt: readTimestamp(row.uploaded_at) }));
}
