import type { Knex } from 'knex';
import { reserveAttempt, type AttemptReservation } from '../rateLimits/reserveAttempt.js';
import { loginFailureLimit, loginFailureWindowMs } from './accountRules.js';
import { normalizeUsername } from './normalizeUsername.js';

export type LoginAttempt = AttemptReservation<'user' | 'ip'>;

/**
 * Reserves one login attempt for this username and this IP address in the current fixed window
 * (loginFailureWindowMs), before the password is checked (see reserveAttempt). Past loginFailureLimit the caller
 * answers 429 with Retry-After.
 */
export async function takeLoginAttempt(db: Knex, who: { username: string; ip: string | null }, now = Date.now()): Promise<LoginAttempt> {
  const buckets: Array<{ by: 'user' | 'ip'; key: string }> = [{ by: 'user', key: `login:user:${normalizeUsername(who.username).slice(0, 200)}` }];
  if (who.ip) buckets.push({ by: 'ip', key: `login:ip:${who.ip.slice(0, 200)}` });
  return reserveAttempt(db, buckets, { limit: loginFailureLimit, windowMs: loginFailureWindowMs }, now);
}
