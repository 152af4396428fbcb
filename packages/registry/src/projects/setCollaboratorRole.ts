import type { Knex } from 'knex';
import type { AuthenticatedUser } from '../accounts/AuthenticatedUser.js';
import { normalizeUsername } from '../accounts/normalizeUsername.js';
import { writeTransaction } from '../db/writeTransaction.js';
import { recordEvent } from '../events/recordEvent.js';
import { HttpError } from '../http/HttpError.js';
import type { ProjectRole } from './ProjectRole.js';
import { adminMark } from './adminMark.js';
import { assertAnotherOwner } from './assertAnotherOwner.js';
import { lockProjectAsOwner } from './lockProjectAsOwner.js';

export interface SetCollaboratorRole {
  project: string;
  username: string;
  role: ProjectRole;
  /** Who asks: an owner of the project or an administrator. */
  actor: AuthenticatedUser;
  ip: string | null;
  userAgent: string | null;
}

export interface CollaboratorRoleResult {
  outcome: 'added' | 'changed' | 'unchanged';
  project: string;
  username: string;
  role: ProjectRole;
}

/**
 * Makes `username` a collaborator of the project with `role`, or changes the role they have (an owner only; the
 * last owner cannot step down to maintainer). Recorded as project.collaborator_added / _role_changed.
 */
export async function setCollaboratorRole(db: Knex, change: SetCollaboratorRole): Promise<CollaboratorRoleResult> {
  return writeTransaction(db, async (trx) => {
    const project = await lockProjectAsOwner(trx, change.project, change.actor);
    const user = (await trx('users').select('id', 'username').where('username_normalized', normalizeUsername(change.username)).first()) as
      | { id: number; username: string }
      | undefined;
    if (!user) throw new HttpError(404, 'user_not_found', `No user named '${change.username.slice(0, 100)}'.`);

    const current = (await trx('roles').select('role').where({ project_id: project.id, user_id: user.id }).first()) as { role: string } | undefined;
    const result = { project: project.name, username: user.username, role: change.role };
    if (current?.role === change.role) return { outcome: 'unchanged', ...result };

    const origin = { userId: change.actor.id, projectId: project.id, ip: change.ip, userAgent: change.userAgent };
    if (current) {
      if (current.role === 'owner') await assertAnotherOwner(trx, project.id, user.id, project.name);
      await trx('roles').where({ project_id: project.id, user_id: user.id }).update({ role: change.role });
      await recordEvent(trx, {
        kind: 'project.collaborator_role_changed',
        ...origin,
        details: { project: project.name, username: user.username, role: change.role, previousRole: current.role, ...adminMark(project) },
      });
      return { outcome: 'changed', ...result };
    }
    await trx('roles').insert({ project_id: project.id, user_id: user.id, role: change.role, created_at: new Date() });
    await recordEvent(trx, { kind: 'project.collaborator_added', ...origin, details: { project: project.name, username: user.username, role: change.role, ...adminMark(project) } });
    return { outcome: 'added', ...result };
  });
}
