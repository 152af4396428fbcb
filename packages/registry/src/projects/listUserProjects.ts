import type { Knex } from 'knex';
import { isProjectRole, type ProjectRole } from './ProjectRole.js';

export interface UserProject {
  name: string;
  normalizedName: string;
  role: ProjectRole;
  /** How many releases it has (a project whose releases were all deleted has none, and no public page). */
  releaseCount: number;
}

/** The projects `userId` is a collaborator of, with their role, by name. */
export async function listUserProjects(db: Knex, userId: number): Promise<UserProject[]> {
  const rows = (await db('roles')
    .join('projects', 'projects.id', 'roles.project_id')
    .leftJoin('releases', 'releases.project_id', 'projects.id')
    .where('roles.user_id', userId)
    .groupBy('projects.id', 'projects.name', 'projects.normalized_name', 'roles.role')
    .select('projects.name', 'projects.normalized_name', 'roles.role')
    .count({ release_count: 'releases.id' })
    .orderBy('projects.normalized_name')) as Array<{ name: string; normalized_name: string; role: string; release_count: number | string }>;
  return rows
    .filter((row) => isProjectRole(row.role))
    .map((row) => ({ name: row.name, normalizedName: row.normalized_name, role: row.role as ProjectRole, releaseCount: Number(row.release_count) }));
}
