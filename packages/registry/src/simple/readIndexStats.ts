import type { Knex } from 'knex';

/** What the root of the Simple API is a function of, read cheaply (no row is read beyond an index's ends and count). */
export interface IndexStats {
  projects: number;
  /** The highest project id (0 without any): ids are never reused (AUTOINCREMENT on SQLite, a sequence on PostgreSQL). */
  newestProjectId: number;
  /** The registry's last serial: the id of its newest file, 0 without any (PyPI's X-PyPI-Last-Serial). */
  lastSerial: number;
}

/**
 * The counts the root index's ETag is made of. Projects are only ever created (a new, higher id) or deleted (one
 * fewer) and never renamed, so (count, newest id) names the set of projects: after any creation the newest id is
 * new, and between creations each deletion lowers the count.
 */
export async function readIndexStats(db: Knex): Promise<IndexStats> {
  const [projects, files] = await Promise.all([
    db('projects').count({ count: '*' }).max({ newest: 'id' }).first() as Promise<{ count: number | string; newest: number | string | null } | undefined>,
    db('files').max({ serial: 'id' }).first() as Promise<{ serial: number | string | null } | undefined>,
  ]);
  return { projects: Number(projects?.count ?? 0), newestProjectId: Number(projects?.newest ?? 0), lastSerial: Number(files?.serial ?? 0) };
}
