import type { Knex } from 'knex';
import { isProjectRole, type ProjectRole } from './ProjectRole.js';

export interface Collaborator {
  userId: number;
  username: string;
  role: ProjectRole;
  since: Date;
}

/** The project's collaborators: owners first, then by username. */
export async function listCollaborators(db: Knex | Knex.Transaction, projectId: number): Promise<Collaborator[]> {
  const rows = (await db('roles')
    .join('users', 'users.id', 'roles.user_id')
    .select('roles.user_id', 'users.username', 'users.username_normalized', 'roles.role', 'roles.created_at')
    .where('roles.project_id', projectId)) as Array<{ user_id: number; username: string; username_normalized: string; role: string; created_at: string | number | Date }>;
  return rows
    .filter((row) => isProjectRole(row.role))
    .sort((a, b) => (a.role === b.role ? a.username_normalized.localeCompare(b.username_normalized) : a.role === 'owner' ? -1 : 1))
    .map((row) => ({ userId: Number(row.user_id), username: row.username, role: row.role as ProjectRole, since: new Date(row.created_at) }));
}
