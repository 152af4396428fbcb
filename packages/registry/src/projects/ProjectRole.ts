/** A user's role on a project: owners upload and manage collaborators, maintainers upload. */
export type ProjectRole = 'owner' | 'maintainer';

export const projectRoles: readonly ProjectRole[] = ['owner', 'maintainer'];

export function isProjectRole(value: unknown): value is ProjectRole {
  return value === 'owner' || value === 'maintainer';
}
