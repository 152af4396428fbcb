import type { Knex } from 'knex';
import { isProjectRole, type ProjectRole } from './ProjectRole.js';

/** The role `userId` has on `projectId`, or null when the user is not a collaborator. */
export async function findProjectRole(db: Knex | Knex.Transaction, projectId: number, userId: number): Promise<ProjectRole | null> {
  const row = (await db('roles').select('role').where({ project_id: projectId, user_id: userId }).first()) as { role: string } | undefined;
  return row && isProjectRole(row.role) ? row.role : null;
}
