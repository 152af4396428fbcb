import type { Knex } from 'knex';
import { countHit, uncountHit } from './fixedWindowCounter.js';

export type AttemptReservation<By extends string> =
  | { limited: false; /** The attempt succeeded: take it back out of the counts (only failures count). */ refund(): Promise<void> }
  | { limited: true; by: By; retryAfterSeconds: number };

/**
 * Reserves one attempt in each bucket (per user, per address, …) before a secret is checked, in the database's shared
 * counters: several processes share the counts, concurrent attempts cannot both slip under the limit, and a restart
 * forgets nothing. Past `limit` in any bucket the reservation is taken back and the caller answers 429 with
 * Retry-After (the end of the window); a success refunds it, so only failures count.
 */
export async function reserveAttempt<By extends string>(
  db: Knex,
  buckets: ReadonlyArray<{ by: By; key: string }>,
  rule: { limit: number; windowMs: number },
  now: number,
): Promise<AttemptReservation<By>> {
  const taken: Array<{ key: string; windowStart: number }> = [];
  const refund = async () => {
    for (const hit of taken.splice(0)) await uncountHit(db, hit.key, hit.windowStart);
  };
  for (const bucket of buckets) {
    const count = await countHit(db, bucket.key, rule.windowMs, now);
    taken.push({ key: bucket.key, windowStart: count.windowStart });
    if (count.hits > rule.limit) {
      await refund();
      return { limited: true, by: bucket.by, retryAfterSeconds: count.retryAfterSeconds };
    }
  }
  return { limited: false, refund };
}
