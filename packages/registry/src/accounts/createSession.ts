import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { ActiveSession } from './ActiveSession.js';
import { halfSessionLifetimeMs, sessionLifetimeMs } from './accountRules.js';
import { hashSessionId } from './hashSessionId.js';

/**
 * A new session for `userId`: 32 random bytes (base64url, the cookie value), of which only the hash is stored. A
 * session whose second factor is still owed lives halfSessionLifetimeMs and is not confirmed (no sudo mode); a full
 * one is confirmed now (its password, and second factor, were just given).
 */
export async function createSession(
  db: Knex,
  userId: number,
  origin: { ip: string | null; userAgent: string | null },
  now = new Date(),
  options: { secondFactorPending?: boolean } = {},
): Promise<{ sessionId: string; session: ActiveSession }> {
  const sessionId = randomBytes(32).toString('base64url');
  const secondFactorPending = options.secondFactorPending ?? false;
  const session: ActiveSession = {
    idHash: hashSessionId(sessionId),
    userId,
    expiresAt: new Date(now.getTime() + (secondFactorPending ? halfSessionLifetimeMs : sessionLifetimeMs)),
    secondFactorPending,
    confirmedAt: secondFactorPending ? null : now,
  };
  await db('sessions').insert({
    id_hash: session.idHash,
    user_id: userId,
    created_at: now,
    expires_at: session.expiresAt,
    second_factor_pending: secondFactorPending,
    confirmed_at: session.confirmedAt,
    ip: origin.ip?.slice(0, 64) ?? null,
    user_agent: origin.userAgent?.slice(0, 512) ?? null,
  });
  return { sessionId, session };
}
