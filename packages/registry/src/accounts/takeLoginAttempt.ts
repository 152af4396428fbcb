import type { Knex } from 'knex';
import { loginFailureLimit, loginFailureWindowMs } from './accountRules.js';
import { normalizeUsername } from './normalizeUsername.js';

export type LoginAttempt =
  | { limited: false; /** The attempt succeeded: take it back out of the counts (only failures count). */ refund(): Promise<void> }
  | { limited: true; by: 'user' | 'ip'; retryAfterSeconds: number };

/**
 * Reserves one login attempt for this username and this IP address in the current fixed window
 * (loginFailureWindowMs), before the password is checked. Each count is one atomic upsert in the database
 * (INSERT … ON CONFLICT DO UPDATE … RETURNING), so several processes sharing the database share the counts,
 * concurrent attempts cannot both slip under the limit, and a restart forgets nothing. Past the limit the
 * reservation is taken back and the caller answers 429 with Retry-After (the end of the window).
 */
export async function takeLoginAttempt(db: Knex, who: { username: string; ip: string | null }, now = Date.now()): Promise<LoginAttempt> {
  const windowStart = Math.floor(now / loginFailureWindowMs) * loginFailureWindowMs;
  const buckets: Array<{ by: 'user' | 'ip'; key: string }> = [
    { by: 'user', key: `login:user:${normalizeUsername(who.username).slice(0, 200)}` },
  ];
  if (who.ip) buckets.push({ by: 'ip', key: `login:ip:${who.ip.slice(0, 200)}` });

  const taken: string[] = [];
  const refund = async () => {
    for (const key of taken.splice(0)) {
      await db('rate_limit_buckets').where({ bucket_key: key, window_start: windowStart }).decrement('hits', 1);
    }
  };
  for (const bucket of buckets) {
    const rows = (await db('rate_limit_buckets')
      .insert({ bucket_key: bucket.key, window_start: windowStart, hits: 1 })
      .onConflict(['bucket_key', 'window_start'])
      .merge({ hits: db.raw('?? + 1', ['rate_limit_buckets.hits']) })
      .returning('hits')) as Array<{ hits: number | string }>;
    taken.push(bucket.key);
    const hits = Number(rows[0]?.hits);
    if (hits === 1) {
      // A new window began for this key: forget windows that ended (keeps the table small).
      await db('rate_limit_buckets').where('window_start', '<', windowStart).delete();
    }
    if (hits > loginFailureLimit) {
      await refund();
      return { limited: true, by: bucket.by, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + loginFailureWindowMs - now) / 1000)) };
    }
  }
  return { limited: false, refund };
}
