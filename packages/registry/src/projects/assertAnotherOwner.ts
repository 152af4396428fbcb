import type { Knex } from 'knex';
import { HttpError } from '../http/HttpError.js';

/** A 409 unless the project has an owner other than `userId`. */
export async function assertAnotherOwner(trx: Knex.Transaction, projectId: number, userId: number, projectName: string): Promise<void> {
  const other = await trx('roles').select('id').where({ project_id: projectId, role: 'owner' }).whereNot('user_id', userId).first();
  if (!other) throw new HttpError(409, 'last_owner', `Cannot remove the last owner of '${projectName}': add another owner first.`);
}
