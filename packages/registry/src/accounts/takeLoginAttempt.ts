import type { Knex } from 'knex';
import { countHit, uncountHit } from '../rateLimits/fixedWindowCounter.js';
import { loginFailureLimit, loginFailureWindowMs } from './accountRules.js';
import { normalizeUsername } from './normalizeUsername.js';

export type LoginAttempt =
  | { limited: false; /** The attempt succeeded: take it back out of the counts (only failures count). */ refund(): Promise<void> }
  | { limited: true; by: 'user' | 'ip'; retryAfterSeconds: number };

/**
 * Reserves one login attempt for this username and this IP address in the current fixed window
 * (loginFailureWindowMs), before the password is checked, in the database's shared counters (fixedWindowCounter):
 * several processes share the counts and a restart forgets nothing. Past the limit the
 * reservation is taken back and the caller answers 429 with Retry-After (the end of the window).
 */
export async function takeLoginAttempt(db: Knex, who: { username: string; ip: string | null }, now = Date.now()): Promise<LoginAttempt> {
  const buckets: Array<{ by: 'user' | 'ip'; key: string }> = [
    { by: 'user', key: `login:user:${normalizeUsername(who.username).slice(0, 200)}` },
  ];
  if (who.ip) buckets.push({ by: 'ip', key: `login:ip:${who.ip.slice(0, 200)}` });

  const taken: Array<{ key: string; windowStart: number }> = [];
  const refund = async () => {
    for (const hit of taken.splice(0)) await uncountHit(db, hit.key, hit.windowStart);
  };
  for (const bucket of buckets) {
    const count = await countHit(db, bucket.key, loginFailureWindowMs, now);
    taken.push({ key: bucket.key, windowStart: count.windowStart });
    if (count.hits > loginFailureLimit) {
      await refund();
      return { limited: true, by: bucket.by, retryAfterSeconds: count.retryAfterSeconds };
    }
  }
  return { limited: false, refund };
}
