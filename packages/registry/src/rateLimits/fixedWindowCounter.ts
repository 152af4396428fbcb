import type { Knex } from 'knex';

/**
 * Fixed-window counters in the rate_limit_buckets table, shared by every process on the database and kept across
 * restarts. Each hit is one atomic upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING), so concurrent hits cannot
 * both slip under a limit. All limits use windows of the same length, aligned on multiples of it: the first hit of
 * a new window deletes every bucket of ended windows.
 */
export interface WindowCount {
  hits: number;
  windowStart: number;
  /** Seconds until the window ends (at least 1): the Retry-After of a refusal. */
  retryAfterSeconds: number;
}

function windowOf(windowMs: number, now: number): { windowStart: number; retryAfterSeconds: number } {
  const windowStart = Math.floor(now / windowMs) * windowMs;
  return { windowStart, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)) };
}

/** Adds one hit to `key` in the window holding `now`; the count after it. */
export async function countHit(db: Knex, key: string, windowMs: number, now: number): Promise<WindowCount> {
  const window = windowOf(windowMs, now);
  const rows = (await db('rate_limit_buckets')
    .insert({ bucket_key: key, window_start: window.windowStart, hits: 1 })
    .onConflict(['bucket_key', 'window_start'])
    .merge({ hits: db.raw('?? + 1', ['rate_limit_buckets.hits']) })
    .returning('hits')) as Array<{ hits: number | string }>;
  const hits = Number(rows[0]?.hits);
  // A new window began for this key: forget windows that ended (keeps the table small).
  if (hits === 1) await db('rate_limit_buckets').where('window_start', '<', window.windowStart).delete();
  return { hits, ...window };
}

/** Takes back one hit counted by countHit (a reservation that turned out not to count). */
export async function uncountHit(db: Knex, key: string, windowStart: number): Promise<void> {
  await db('rate_limit_buckets').where({ bucket_key: key, window_start: windowStart }).decrement('hits', 1);
}

/** The hits of `key` in the window holding `now`, without adding one. */
export async function peekHits(db: Knex, key: string, windowMs: number, now: number): Promise<WindowCount> {
  const window = windowOf(windowMs, now);
  const row = (await db('rate_limit_buckets').select('hits').where({ bucket_key: key, window_start: window.windowStart }).first()) as { hits: number | string } | undefined;
  return { hits: Number(row?.hits ?? 0), ...window };
}
