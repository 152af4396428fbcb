import type { Knex } from 'knex';
import type { AuthenticatedUser } from '../accounts/AuthenticatedUser.js';
import { normalizeUsername } from '../accounts/normalizeUsername.js';
import { writeTransaction } from '../db/writeTransaction.js';
import { recordEvent } from '../events/recordEvent.js';
import { HttpError } from '../http/HttpError.js';
import { adminMark } from './adminMark.js';
import { assertAnotherOwner } from './assertAnotherOwner.js';
import { lockProjectAsOwner } from './lockProjectAsOwner.js';

export interface RemoveCollaborator {
  project: string;
  username: string;
  /** Who asks: an owner of the project (who may remove themselves unless they are the last) or an administrator. */
  actor: AuthenticatedUser;
  ip: string | null;
  userAgent: string | null;
}

/** Takes `username`'s role on the project away (never the last owner's). Recorded as project.collaborator_removed. */
export async function removeCollaborator(db: Knex, removal: RemoveCollaborator): Promise<{ project: string; username: string; role: string }> {
  return writeTransaction(db, async (trx) => {
    const project = await lockProjectAsOwner(trx, removal.project, removal.actor);
    const row = (await trx('roles')
      .join('users', 'users.id', 'roles.user_id')
      .select('roles.user_id', 'roles.role', 'users.username')
      .where('roles.project_id', project.id)
      .where('users.username_normalized', normalizeUsername(removal.username))
      .first()) as { user_id: number; role: string; username: string } | undefined;
    if (!row) throw new HttpError(404, 'not_a_collaborator', `'${removal.username.slice(0, 100)}' is not a collaborator of '${project.name}'.`);
    if (row.role === 'owner') await assertAnotherOwner(trx, project.id, row.user_id, project.name);
    await trx('roles').where({ project_id: project.id, user_id: row.user_id }).delete();
    await recordEvent(trx, {
      kind: 'project.collaborator_removed',
      userId: removal.actor.id,
      projectId: project.id,
      ip: removal.ip,
      userAgent: removal.userAgent,
      details: { project: project.name, username: row.username, role: row.role, ...adminMark(project) },
    });
    return { project: project.name, username: row.username, role: row.role };
  });
}
