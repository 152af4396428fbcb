import type { Knex } from 'knex';
import type { AuthenticatedUser } from '../accounts/AuthenticatedUser.js';
import { isPostgres } from '../db/isPostgres.js';
import { HttpError } from '../http/HttpError.js';
import type { Project } from './Project.js';
import { findProjectRole } from './findProjectRole.js';
import { normalizeProjectName } from './normalizeProjectName.js';

/** A project locked for a change by an owner, or by an administrator who is not one (`asAdmin`). */
export interface LockedProject extends Project {
  asAdmin: boolean;
}

/**
 * Inside a transaction: the project named `name`, provided `actor` owns it or is an administrator (404 / 403
 * otherwise; the 403 says the actor cannot `action`). On PostgreSQL the project row stays locked until the
 * transaction ends, so that two owners changing roles at once are serialized and cannot, say, remove each other and
 * leave no owner (on SQLite, writeTransaction holds the one write lock from the start).
 */
export async function lockProjectAsOwner(trx: Knex.Transaction, name: string, actor: AuthenticatedUser, action = 'manage its collaborators'): Promise<LockedProject> {
  const query = trx('projects').select('id', 'name', 'normalized_name', 'created_at', 'require_2fa').where('normalized_name', normalizeProjectName(name));
  if (isPostgres(trx)) query.forUpdate();
  const row = (await query.first()) as { id: number; name: string; normalized_name: string; created_at: string | number | Date; require_2fa: unknown } | undefined;
  if (!row) throw new HttpError(404, 'project_not_found', `No project named '${name.slice(0, 100)}'.`);
  const project: Project = { id: Number(row.id), name: row.name, normalizedName: row.normalized_name, createdAt: new Date(row.created_at), require2fa: Boolean(row.require_2fa) };
  if ((await findProjectRole(trx, project.id, actor.id)) === 'owner') return { ...project, asAdmin: false };
  if (actor.isAdmin) return { ...project, asAdmin: true };
  throw new HttpError(403, 'not_an_owner', `Only owners of '${project.name}' can ${action}.`);
}
