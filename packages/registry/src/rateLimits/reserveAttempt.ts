import type { Knex } from 'knex';
import { countHit, peekHits, uncountHits } from './fixedWindowCounter.js';

export type AttemptReservation<By extends string> =
  | {
      limited: false;
      /** The attempt succeeded (or was never checked): take it back out of the counts (only failures count). */
      refund(): Promise<void>;
      /** The attempt failed: it stays counted, and is counted as a failure. */
      fail(): Promise<void>;
    }
  | { limited: true; by: By; retryAfterSeconds: number };

export interface AttemptBucket<By extends string> {
  by: By;
  key: string;
  /** Failures allowed in this bucket per window (default: the rule's limit). */
  limit?: number;
}

export interface AttemptRule {
  limit: number;
  windowMs: number;
  /**
   * How long (real time, ms) an attempt may wait for attempts still being checked to finish when they fill a
   * bucket: they may all succeed, and successes do not count. Default 15 s.
   */
  maxWaitMs?: number;
}

/** The key of a bucket's failure count (the bucket itself counts failures and attempts in flight). */
const failuresOf = (key: string) => `${key}:failed`;

/**
 * Reserves one attempt in each bucket (per user, per address, …) before a secret is checked, in the database's shared
 * counters: several processes share the counts, concurrent attempts cannot slip past a limit together, and a restart
 * forgets nothing. Each bucket counts the attempts in flight plus the failures of the window; `<key>:failed` counts
 * the failures alone. Only failures count against the limit:
 *
 * - a bucket whose failures reached its limit refuses at once (429, Retry-After = the end of the window);
 * - a bucket filled by attempts still in flight (say 100 concurrent logins with the right password) makes the next
 *   attempt wait (polling the shared counts) until they settle: a success gives its place back (refund), a failure
 *   keeps it (fail). Only past `maxWaitMs` of waiting is the attempt refused (Retry-After 1).
 *
 * So at most `limit` failures are ever checked per bucket and window, whatever the concurrency, and correct attempts
 * are never refused because of each other. An attempt whose process dies between reservation and outcome stays
 * counted as in flight until its window ends.
 */
export async function reserveAttempt<By extends string>(
  db: Knex,
  buckets: ReadonlyArray<AttemptBucket<By>>,
  rule: AttemptRule,
  now: number,
): Promise<AttemptReservation<By>> {
  const deadline = Date.now() + (rule.maxWaitMs ?? 15_000);
  for (;;) {
    // The common case, one upsert per bucket: there is room.
    const reserved = await reserveAll(db, buckets, rule, now);
    if (!('full' in reserved)) return reserved;
    // A bucket is full: of failures (refuse), or of attempts in flight (wait, reading only, until one settles).
    for (let pauseMs = 5; ; pauseMs = Math.min(pauseMs * 2, 100)) {
      const full = await firstFullBucket(db, buckets, rule, now);
      if (full === null) break;
      if (full.failed) return { limited: true, by: full.by, retryAfterSeconds: full.retryAfterSeconds };
      if (Date.now() >= deadline) return { limited: true, by: full.by, retryAfterSeconds: 1 };
      await new Promise((resolve) => setTimeout(resolve, pauseMs + Math.random() * pauseMs));
    }
  }
}

/** The first bucket with no room left (read only), and whether failures alone fill it. */
async function firstFullBucket<By extends string>(
  db: Knex,
  buckets: ReadonlyArray<AttemptBucket<By>>,
  rule: AttemptRule,
  now: number,
): Promise<{ by: By; failed: boolean; retryAfterSeconds: number } | null> {
  for (const bucket of buckets) {
    const limit = bucket.limit ?? rule.limit;
    const count = await peekHits(db, bucket.key, rule.windowMs, now);
    if (count.hits < limit) continue;
    const failures = await peekHits(db, failuresOf(bucket.key), rule.windowMs, now);
    return { by: bucket.by, failed: failures.hits >= limit, retryAfterSeconds: count.retryAfterSeconds };
  }
  return null;
}

/** Counts one attempt in every bucket atomically per bucket; if one overflows (a race), takes them all back. */
async function reserveAll<By extends string>(
  db: Knex,
  buckets: ReadonlyArray<AttemptBucket<By>>,
  rule: AttemptRule,
  now: number,
): Promise<AttemptReservation<By> | { full: true }> {
  // Every bucket of one reservation is counted in the same window (one rule, one `now`).
  const taken: string[] = [];
  let windowStart = 0;
  let settled = false;
  const refund = async () => {
    if (settled) return;
    settled = true;
    await uncountHits(db, taken.splice(0), windowStart);
  };
  const fail = async () => {
    if (settled) return;
    settled = true;
    for (const key of taken) await countHit(db, failuresOf(key), rule.windowMs, windowStart);
  };
  for (const bucket of buckets) {
    const count = await countHit(db, bucket.key, rule.windowMs, now);
    windowStart = count.windowStart;
    taken.push(bucket.key);
    if (count.hits > (bucket.limit ?? rule.limit)) {
      await refund();
      return { full: true };
    }
  }
  return { limited: false, refund, fail };
}
