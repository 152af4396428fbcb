import type { Knex } from 'knex';
import type { AuthenticatedUser } from '../accounts/AuthenticatedUser.js';
import { writeTransaction } from '../db/writeTransaction.js';
import { recordEvent } from '../events/recordEvent.js';
import { HttpError } from '../http/HttpError.js';
import { hasSecondFactor } from '../twoFactor/secondFactorStatus.js';
import { adminMark } from './adminMark.js';
import { lockProjectAsOwner } from './lockProjectAsOwner.js';

/**
 * Sets the project's upload policy (whether every collaborator needs a second factor to upload), as an owner or an
 * administrator; only one with a second factor can turn it on (409 otherwise). Recorded as project.policy_changed.
 */
export async function setProjectPolicy(
  db: Knex,
  change: { project: string; require2fa: boolean; actor: AuthenticatedUser; ip: string | null; userAgent: string | null },
): Promise<{ project: string; require2fa: boolean }> {
  const { actor, require2fa } = change;
  return writeTransaction(db, async (trx) => {
    const locked = await lockProjectAsOwner(trx, change.project, actor, 'change its policy');
    if (require2fa && !(await hasSecondFactor(trx, actor.id))) {
      throw new HttpError(409, 'second_factor_needed', 'Add a second factor to your own account before requiring one of every collaborator');
    }
    await trx('projects').where('id', locked.id).update({ require_2fa: require2fa });
    await recordEvent(trx, { kind: 'project.policy_changed', userId: actor.id, projectId: locked.id, ip: change.ip, userAgent: change.userAgent, details: { require2fa, ...adminMark(locked) } });
    return { project: locked.name, require2fa };
  });
}
