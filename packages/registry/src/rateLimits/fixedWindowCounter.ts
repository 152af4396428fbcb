import type { Knex } from 'knex';

/**
 * Fixed-window counters in the rate_limit_buckets table, shared by every process on the database and kept across
 * restarts. Each hit is one atomic upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING), so concurrent hits cannot
 * both slip under a limit. All limits use windows of the same length, aligned on multiples of it: the first hit a
 * process counts in a new window deletes every bucket of ended windows.
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

/** The window each database was last swept in by this process: the sweep is housekeeping, once a window is enough. */
const sweptWindow = new WeakMap<Knex, number>();

/** Adds one hit to `key` in the window holding `now`; the count after it. */
export async function countHit(db: Knex, key: string, windowMs: number, now: number): Promise<WindowCount> {
  const window = windowOf(windowMs, now);
  const rows = (await db('rate_limit_buckets')
    .insert({ bucket_key: key, window_start: window.windowStart, hits: 1 })
    .onConflict(['bucket_key', 'window_start'])
    .merge({ hits: db.raw('?? + 1', ['rate_limit_buckets.hits']) })
    .returning('hits')) as Array<{ hits: number | string }>;
  // A new window began: forget windows that ended (keeps the table small). Not on every first hit of a key: a refunded
  // success brings its bucket back to 0, and every login would pay a delete (a commit) for nothing.
  if ((sweptWindow.get(db) ?? -Infinity) < window.windowStart) {
    sweptWindow.set(db, window.windowStart);
    await db('rate_limit_buckets').where('window_start', '<', window.windowStart).delete();
  }
  return { hits: Number(rows[0]?.hits), ...window };
}

/** Takes back one hit of each key, counted by countHit in the window starting at `windowStart`, in one statement. */
export async function uncountHits(db: Knex, keys: readonly string[], windowStart: number): Promise<void> {
  if (keys.length === 0) return;
  await db('rate_limit_buckets').whereIn('bucket_key', keys).andWhere('window_start', windowStart).decrement('hits', 1);
}

/** The hits of `key` in the window holding `now`, without adding one. */
export async function peekHits(db: Knex, key: string, windowMs: number, now: number): Promise<WindowCount> {
  const window = windowOf(windowMs, now);
  const row = (await db('rate_limit_buckets').select('hits').where({ bucket_key: key, window_start: window.windowStart }).first()) as { hits: number | string } | undefined;
  return { hits: Number(row?.hits ?? 0), ...window };
}
