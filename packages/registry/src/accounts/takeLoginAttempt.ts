import type { Knex } from 'knex';
import { reserveAttempt, type AttemptBucket, type AttemptReservation } from '../rateLimits/reserveAttempt.js';
import { loginFailureLimit, loginFailureLimitPerAddress, loginFailureLimitPerUser, loginFailureWindowMs } from './accountRules.js';
import { normalizeUsername } from './normalizeUsername.js';

export type LoginLimitedBy = 'user_ip' | 'ip' | 'user';
export type LoginAttempt = AttemptReservation<LoginLimitedBy>;

/**
 * Reserves one login attempt in the current fixed window (loginFailureWindowMs) before the password is checked (see
 * reserveAttempt: only failures count): per (username, address) up to loginFailureLimit failures, per address up to
 * loginFailureLimitPerAddress, and per username up to loginFailureLimitPerUser unless `perUserCeiling` is false (the
 * password alone will not sign in). Past a limit the caller answers 429 with Retry-After.
 */
export async function takeLoginAttempt(
  db: Knex,
  who: { username: string; ip: string | null },
  now = Date.now(),
  options: { perUserCeiling?: boolean; maxWaitMs?: number } = {},
): Promise<LoginAttempt> {
  const user = normalizeUsername(who.username).slice(0, 200);
  const ip = (who.ip || 'unknown').slice(0, 200);
  const buckets: Array<AttemptBucket<LoginLimitedBy>> = [
    { by: 'user_ip', key: `login:user-ip:${ip}:${user}`, limit: loginFailureLimit },
    { by: 'ip', key: `login:ip:${ip}`, limit: loginFailureLimitPerAddress },
  ];
  if (options.perUserCeiling !== false) buckets.push({ by: 'user', key: `login:user:${user}`, limit: loginFailureLimitPerUser });
  return reserveAttempt(db, buckets, { limit: loginFailureLimit, windowMs: loginFailureWindowMs, maxWaitMs: options.maxWaitMs }, now);
}
