import type { Knex } from 'knex';
import type { ActiveSession } from './ActiveSession.js';
import type { AuthenticatedUser } from './AuthenticatedUser.js';
import { hashSessionId } from './hashSessionId.js';

/** The unexpired session with this id and its user, or undefined. Looked up by hash, so no secret is compared here. */
export async function findSession(db: Knex, sessionId: string, now = new Date()): Promise<{ session: ActiveSession; user: AuthenticatedUser } | undefined> {
  const idHash = hashSessionId(sessionId);
  const row = (await db('sessions')
    .join('users', 'users.id', 'sessions.user_id')
    .select('sessions.user_id', 'sessions.expires_at', 'sessions.second_factor_pending', 'sessions.confirmed_at', 'users.username', 'users.is_admin')
    .where('sessions.id_hash', idHash)
    .andWhere('sessions.expires_at', '>', now)
    .first()) as
    | { user_id: number; expires_at: string | number | Date; second_factor_pending: unknown; confirmed_at: string | number | Date | null; username: string; is_admin: unknown }
    | undefined;
  if (!row) return undefined;
  return {
    session: {
      idHash,
      userId: row.user_id,
      expiresAt: new Date(row.expires_at),
      secondFactorPending: Boolean(row.second_factor_pending),
      confirmedAt: row.confirmed_at === null ? null : new Date(row.confirmed_at),
    },
    user: { id: row.user_id, username: row.username, isAdmin: Boolean(row.is_admin) },
  };
}
