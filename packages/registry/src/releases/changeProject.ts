import type { Knex } from 'knex';
import type { RegistryDeps } from '../app/RegistryState.js';
import { writeTransaction } from '../db/writeTransaction.js';
import { lockProjectAsOwner, type LockedProject } from '../projects/lockProjectAsOwner.js';
import type { ManagementRequest } from './ManagementRequest.js';
import type { RetiredFile } from './RetiredFile.js';
import { removeRetiredFiles } from './removeRetiredFiles.js';

/** What a change answers, and the stored bytes it deleted. */
export interface ProjectChangeOutcome<T> {
  result: T;
  retired?: readonly RetiredFile[];
}

/**
 * Runs `work` in one write transaction on the project, locked for an owner or an administrator (lockProjectAsOwner),
 * and announces the change of its index in that transaction; after the commit, waits until no process serves the
 * project's old Simple pages, then removes the deleted files' bytes. Answers what `work` answered.
 */
export async function changeProject<T>(
  deps: Pick<RegistryDeps, 'db' | 'storage' | 'indexChanges'>,
  request: ManagementRequest,
  /** What the 403 says a user who is neither an owner nor an administrator cannot do. */
  action: string,
  work: (trx: Knex.Transaction, project: LockedProject) => Promise<ProjectChangeOutcome<T>>,
): Promise<T> {
  const { outcome, change } = await writeTransaction(deps.db, async (trx) => {
    const project = await lockProjectAsOwner(trx, request.project, request.actor, action);
    const outcome = await work(trx, project);
    return { outcome, change: await deps.indexChanges.announce(trx, project.normalizedName) };
  });
  await deps.indexChanges.committed(change);
  if (outcome.retired) await removeRetiredFiles(deps.db, deps.storage, outcome.retired);
  return outcome.result;
}
