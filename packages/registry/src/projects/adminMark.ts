import type { LockedProject } from './lockProjectAsOwner.js';

/** For an event's details: `{ asAdmin: true }` when an administrator acted on a project they do not own, else nothing. */
export function adminMark(project: Pick<LockedProject, 'asAdmin'>): { asAdmin?: true } {
  return project.asAdmin ? { asAdmin: true } : {};
}
