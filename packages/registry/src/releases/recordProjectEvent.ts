import type { Knex } from 'knex';
import { recordEvent } from '../events/recordEvent.js';
import { adminMark } from '../projects/adminMark.js';
import type { LockedProject } from '../projects/lockProjectAsOwner.js';
import type { ManagementRequest } from './ManagementRequest.js';

/** Records `kind` on `project` by the request's actor, its details naming the project (and the admin, if one acted). */
export async function recordProjectEvent(
  trx: Knex.Transaction,
  request: ManagementRequest,
  project: LockedProject,
  kind: string,
  details: Readonly<Record<string, unknown>>,
): Promise<void> {
  await recordEvent(trx, {
    kind,
    userId: request.actor.id,
    projectId: project.id,
    ip: request.ip,
    userAgent: request.userAgent,
    details: { project: project.name, ...details, ...adminMark(project) },
  });
}
