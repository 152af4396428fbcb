import type { Knex } from 'knex';
import { isPostgres } from '../db/isPostgres.js';
import { HttpError } from '../http/HttpError.js';
import { canonicalizeVersion } from '../projects/canonicalizeVersion.js';
import type { Project } from '../projects/Project.js';

/** A release as the management routes read it. */
export interface ReleaseRow {
  id: number;
  version: string;
  yanked: boolean;
  yankedReason: string | null;
}

/** Inside a transaction on `project`: its release `version` (any PEP 440 spelling of it), locked on PostgreSQL; 404 if none. */
export async function lockRelease(trx: Knex.Transaction, project: Project, version: string): Promise<ReleaseRow> {
  const notFound = () => new HttpError(404, 'release_not_found', `Project '${project.name}' has no release '${version.slice(0, 100)}'.`);
  const canonicalVersion = canonicalizeVersion(version);
  if (canonicalVersion === null) throw notFound();
  const query = trx('releases').select('id', 'version', 'yanked', 'yanked_reason').where({ project_id: project.id, canonical_version: canonicalVersion });
  if (isPostgres(trx)) query.forUpdate();
  const row = (await query.first()) as { id: number; version: string; yanked: unknown; yanked_reason: string | null } | undefined;
  if (!row) throw notFound();
  return { id: Number(row.id), version: row.version, yanked: Boolean(row.yanked), yankedReason: row.yanked_reason };
}
