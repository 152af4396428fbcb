import type { Knex } from 'knex';

/** Whether the user has an authenticator app that counts as a second factor (a pending enrolment does not). */
export async function hasConfirmedTotp(db: Knex | Knex.Transaction, userId: number): Promise<boolean> {
  return (await db('totp_secrets').where('user_id', userId).whereNotNull('confirmed_at').first('user_id')) !== undefined;
}

/**
 * Removes the user's authenticator app, and any pending enrolment with it. True if a confirmed app was removed (a
 * pending enrolment alone was never a second factor: false, as if there had been none).
 */
export async function removeTotp(db: Knex | Knex.Transaction, userId: number): Promise<boolean> {
  const confirmed = await db('totp_secrets').where('user_id', userId).whereNotNull('confirmed_at').del();
  await db('totp_secrets').where('user_id', userId).del();
  return confirmed > 0;
}
