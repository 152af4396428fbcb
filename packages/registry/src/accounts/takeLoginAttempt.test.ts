import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../db/migrateDatabase.js';
import { openDatabase } from '../db/openDatabase.js';
import { loginFailureLimitPerAddress, loginFailureLimitPerUser, loginFailureWindowMs } from './accountRules.js';
import { takeLoginAttempt } from './takeLoginAttempt.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function databases(count: number): Promise<Knex[]> {
  const dir = mkdtempSync(join(tmpdir(), 'keybridge-ratelimit-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const opened = Array.from({ length: count }, () => openDatabase({ databaseUrl: `sqlite:${join(dir, 'registry.sqlite3')}` }));
  for (const db of opened) cleanups.push(() => db.destroy());
  await migrateDatabase(opened[0]!);
  return opened;
}

const windowStart = 1_700_000_100_000 - (1_700_000_100_000 % loginFailureWindowMs);

/** One attempt that fails (a wrong password): it stays counted. */
async function failOnce(db: Knex, who: { username: string; ip: string | null }, now: number) {
  const taken = await takeLoginAttempt(db, who, now);
  if (!taken.limited) await taken.fail();
  return taken;
}

describe('takeLoginAttempt', () => {
  it('allows 10 failures per (user, address) in a window, then refuses that pair until the window ends (Retry-After)', async () => {
    const [db] = await databases(1);
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await failOnce(db!, { username: 'Alice', ip: '192.0.2.1' }, windowStart + 1000)).limited).toBe(false);
    }
    expect(await takeLoginAttempt(db!, { username: 'alice', ip: '192.0.2.1' }, windowStart + 60_000)).toEqual({ limited: true, by: 'user_ip', retryAfterSeconds: 240 });
    expect(await takeLoginAttempt(db!, { username: 'ALICE', ip: '192.0.2.1' }, windowStart + loginFailureWindowMs - 1)).toEqual({ limited: true, by: 'user_ip', retryAfterSeconds: 1 });
    // Alice from elsewhere, and others from that address, are not affected.
    expect((await takeLoginAttempt(db!, { username: 'alice', ip: '192.0.2.2' }, windowStart + 60_000)).limited).toBe(false);
    expect((await takeLoginAttempt(db!, { username: 'bob', ip: '192.0.2.1' }, windowStart + 60_000)).limited).toBe(false);
    expect((await takeLoginAttempt(db!, { username: 'alice', ip: '192.0.2.1' }, windowStart + loginFailureWindowMs)).limited).toBe(false);
    // The ended window's buckets were cleared when the new one began.
    expect(await db!('rate_limit_buckets').where('window_start', '<', windowStart + loginFailureWindowMs).select('bucket_key')).toEqual([]);
  });

  it(`counts ${loginFailureLimitPerAddress} failures per address across usernames`, async () => {
    const [db] = await databases(1);
    for (let attempt = 0; attempt < loginFailureLimitPerAddress; attempt++) await failOnce(db!, { username: `user${attempt}`, ip: '203.0.113.7' }, windowStart);
    expect(await takeLoginAttempt(db!, { username: 'someone-else', ip: '203.0.113.7' }, windowStart)).toMatchObject({ limited: true, by: 'ip' });
    expect((await takeLoginAttempt(db!, { username: 'someone-else', ip: '203.0.113.8' }, windowStart)).limited).toBe(false);
  });

  it(`counts ${loginFailureLimitPerUser} failures per user across addresses, unless told the ceiling does not apply`, async () => {
    const [db] = await databases(1);
    for (let attempt = 0; attempt < loginFailureLimitPerUser; attempt++) await failOnce(db!, { username: 'dave', ip: `10.0.${attempt % 40}.1` }, windowStart);
    expect(await takeLoginAttempt(db!, { username: 'dave', ip: '198.51.100.1' }, windowStart)).toMatchObject({ limited: true, by: 'user' });
    expect((await takeLoginAttempt(db!, { username: 'dave', ip: '198.51.100.1' }, windowStart, { perUserCeiling: false })).limited).toBe(false);
  });

  it('does not count attempts that are refunded (successful logins)', async () => {
    const [db] = await databases(1);
    for (let attempt = 0; attempt < 25; attempt++) {
      const taken = await takeLoginAttempt(db!, { username: 'bob', ip: '198.51.100.1' }, windowStart);
      expect(taken.limited).toBe(false);
      if (!taken.limited) await taken.refund();
    }
    expect(await db!('rate_limit_buckets').select('bucket_key', 'hits').orderBy('bucket_key')).toEqual([
      { bucket_key: 'login:ip:198.51.100.1', hits: 0 },
      { bucket_key: 'login:user-ip:198.51.100.1:bob', hits: 0 },
      { bucket_key: 'login:user:bob', hits: 0 },
    ]);
  });

  it('lets 60 concurrent successful attempts all through: a full bucket of attempts in flight makes the next wait, not fail', async () => {
    const [first, second] = await databases(2);
    const results = await Promise.all(
      Array.from({ length: 60 }, async (_, index) => {
        const taken = await takeLoginAttempt(index % 2 === 0 ? first! : second!, { username: 'erin', ip: '192.0.2.5' }, windowStart);
        await new Promise((resolve) => setTimeout(resolve, 10));
        if (!taken.limited) await taken.refund();
        return taken.limited;
      }),
    );
    expect(results.filter(Boolean)).toEqual([]);
  });

  it('refuses (Retry-After 1) an attempt that waited maxWaitMs for attempts in flight that never ended', async () => {
    const [db] = await databases(1);
    for (let attempt = 0; attempt < 10; attempt++) await takeLoginAttempt(db!, { username: 'frank', ip: '192.0.2.6' }, windowStart);
    const started = Date.now();
    expect(await takeLoginAttempt(db!, { username: 'frank', ip: '192.0.2.6' }, windowStart, { maxWaitMs: 300 })).toEqual({ limited: true, by: 'user_ip', retryAfterSeconds: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('checks exactly 10 of 30 concurrent failing attempts from two connections on one SQLite file', async () => {
    const [first, second] = await databases(2);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, index) => failOnce(index % 2 === 0 ? first! : second!, { username: 'carol', ip: '192.0.2.9' }, windowStart)),
    );
    expect(results.filter((result) => !result.limited)).toHaveLength(10);
    expect(results.filter((result) => result.limited && result.by === 'user_ip')).toHaveLength(20);
    expect(await first!('rate_limit_buckets').where('bucket_key', 'login:user:carol').first('hits')).toEqual({ hits: 10 });
    expect(await first!('rate_limit_buckets').where('bucket_key', 'login:user:carol:failed').first('hits')).toEqual({ hits: 10 });
  });
});
