import type { Knex } from 'knex';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createDatabaseForThisTest } from '../../../../../test/registry/createDatabaseForThisTest.js';
import { testDatabases, type TestDatabase } from '../../../../../test/registry/testDatabases.js';
import { createUser } from '../../accounts/createUser.js';
import { migrateDatabase } from '../../db/migrateDatabase.js';
import { openDatabase } from '../../db/openDatabase.js';
import { checkTotpCode, type TotpCheck } from './checkTotpCode.js';
import { totpStep } from './totpParameters.js';
import { encryptTotpSecret } from './totpSecretCipher.js';
import { oathtoolCode } from '../../../../../test/support/oathtool.js';



const secretKey = Buffer.alloc(32, 5);
/** A fixed secret (RFC 6238's), so which codes coincide across steps is decided once, not by each run's luck. */
const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
/** 2026-12-04 12:00:00 UTC: the first millisecond of step S. */
const t0 = Date.parse('2026-12-04T12:00:00Z');
const S = totpStep(t0);
const stepMs = 30_000;

interface Setup {
  dbs: Knex[];
  userId: number;
  check(code: string, now: number, db?: Knex): Promise<TotpCheck>;
  /** Forgets the last accepted step, so that one code can be tried at several instants. */
  forgetLastStep(): Promise<void>;
  lastUsedStep(): Promise<number | null>;
}

/** A user with `secret` confirmed a day before t0, on `connections` connections to one fresh database. */
async function setUp(testDatabase: TestDatabase, connections = 1): Promise<Setup> {
  const fresh = await createDatabaseForThisTest(testDatabase);
  const dbs = Array.from({ length: connections }, () => openDatabase({ databaseUrl: fresh.databaseUrl }));
  for (const db of dbs) onTestFinished(() => db.destroy());
  const db = dbs[0]!;
  await migrateDatabase(db);
  const user = await createUser(db, { username: 'alice', password: 'correct horse battery staple' });
  const confirmedStep = S - 2880;
  await db('totp_secrets').insert({
    user_id: user.id,
    secret_encrypted: encryptTotpSecret(secretKey, user.id, secret),
    confirmed_at: new Date(t0 - 86_400_000),
    last_used_step: confirmedStep,
    created_at: new Date(t0 - 86_400_000),
  });
  const lastUsedStep = async () => {
    const row = (await db('totp_secrets').where('user_id', user.id).first('last_used_step')) as { last_used_step: number | string | null };
    return row.last_used_step === null ? null : Number(row.last_used_step);
  };
  return {
    dbs,
    userId: user.id,
    check: (code, now, on = db) => checkTotpCode({ db: on, secretKey, now }, user.id, code),
    forgetLastStep: async () => {
      await db('totp_secrets').where('user_id', user.id).update({ last_used_step: confirmedStep });
    },
    lastUsedStep,
  };
}

describe.each(testDatabases)('checkTotpCode on $kind', (testDatabase) => {
  it("accepts oathtool's codes of the current step, the one before and the one after, and records the step", async () => {
    const { check, lastUsedStep } = await setUp(testDatabase);
    const now = t0 + 12_345;
    expect(await check(oathtoolCode(secret, t0 - stepMs), now)).toEqual({ ok: true });
    expect(await lastUsedStep()).toBe(S - 1);
    expect(await check(oathtoolCode(secret, t0), now)).toEqual({ ok: true });
    expect(await check(oathtoolCode(secret, t0 + stepMs), now)).toEqual({ ok: true });
    expect(await lastUsedStep()).toBe(S + 1);
  });

  it("refuses a code 2 to 10 steps away with a message about the device's clock, and one further away as wrong", async () => {
    const { check, lastUsedStep } = await setUp(testDatabase);
    const now = t0 + 1000;
    const expectations: Array<[number, TotpCheck['ok'] | string, string?]> = [
      [2, 'clock_skew', 'about 1 minute ahead'],
      [-2, 'clock_skew', 'about 1 minute behind'],
      [4, 'clock_skew', 'about 2 minutes ahead'],
      [-7, 'clock_skew', 'about 4 minutes behind'],
      [10, 'clock_skew', 'about 5 minutes ahead'],
      [-10, 'clock_skew', 'about 5 minutes behind'],
      [11, 'wrong'],
      [-11, 'wrong'],
      [120, 'wrong'],
      [-2880, 'wrong'],
    ];
    for (const [steps, reason, words] of expectations) {
      const result = await check(oathtoolCode(secret, t0 + steps * stepMs), now);
      expect(result, `${steps} steps`).toMatchObject({ ok: false, reason });
      if (words && !result.ok) {
        expect(result.message, `${steps} steps`).toContain(words);
        expect(result.message).toMatch(/clock/);
      }
    }
    expect(await lastUsedStep()).toBe(S - 2880);
  });

  it("accepts step S's code from the first millisecond of S-1 to the last of S+1, and not a millisecond beyond", async () => {
    const { check, forgetLastStep } = await setUp(testDatabase);
    const code = oathtoolCode(secret, t0);
    for (const now of [t0 - stepMs, t0 - 1, t0, t0 + stepMs - 1, t0 + stepMs, t0 + 2 * stepMs - 1]) {
      expect(await check(code, now), `at t0 ${now - t0 >= 0 ? '+' : ''}${now - t0} ms`).toEqual({ ok: true });
      await forgetLastStep();
    }
    const early = await check(code, t0 - stepMs - 1);
    expect(early).toMatchObject({ ok: false, reason: 'clock_skew' });
    expect(!early.ok && early.message).toContain('ahead');
    const late = await check(code, t0 + 2 * stepMs);
    expect(late).toMatchObject({ ok: false, reason: 'clock_skew' });
    expect(!late.ok && late.message).toContain('behind');
  });

  it('refuses the same code twice, and an older step once a newer one was accepted', async () => {
    const { check, lastUsedStep } = await setUp(testDatabase);
    const now = t0 + 5000;
    const current = oathtoolCode(secret, t0);
    expect(await check(current, now)).toEqual({ ok: true });
    expect(await check(current, now)).toMatchObject({ ok: false, reason: 'replayed', message: expect.stringContaining('used already') });
    // Still inside its window a step later: still a replay.
    expect(await check(current, now + stepMs)).toMatchObject({ ok: false, reason: 'replayed' });

    expect(await check(oathtoolCode(secret, t0 + stepMs), now)).toEqual({ ok: true });
    expect(await check(oathtoolCode(secret, t0 - stepMs), now + 100)).toMatchObject({ ok: false, reason: 'replayed' });
    expect(await lastUsedStep()).toBe(S + 1);
    // The next step's code is fine once its time comes.
    expect(await check(oathtoolCode(secret, t0 + 2 * stepMs), now + stepMs)).toEqual({ ok: true });
  });

  it('lets exactly one of many concurrent requests with one code through, from two connections', async () => {
    const { dbs, check, lastUsedStep } = await setUp(testDatabase, 2);
    const code = oathtoolCode(secret, t0);
    const results = await Promise.all(Array.from({ length: 12 }, (_, index) => check(code, t0 + 1000, dbs[index % 2])));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.reason === 'replayed')).toHaveLength(11);
    expect(await lastUsedStep()).toBe(S);
  });

  it('answers malformed codes as wrong without throwing, and takes out whitespace ("123 456")', async () => {
    const { check } = await setUp(testDatabase);
    const now = t0 + 1000;
    const code = oathtoolCode(secret, t0);
    const malformed: unknown[] = ['', ' ', code.slice(1), `${code}0`, `${code.slice(0, 5)}x`, 'abcdef',
      code.replace(/[0-9]/g, (digit) => String.fromCharCode(0xff10 + Number(digit))), `+${code.slice(1)}`, `${code}\u0000`, '1'.repeat(1_000_000),
      null, undefined, Number(code), [code], { code }];
    for (const bad of malformed) {
      expect(await check(bad as string, now), String(bad).slice(0, 20)).toMatchObject({ ok: false, reason: 'wrong', message: expect.stringContaining('not right') });
    }
    expect(await check(`\t ${code.slice(0, 3)} ${code.slice(3)}\n`, now)).toEqual({ ok: true });
  });

  it('answers no_totp for a user without a confirmed app (none, or only a pending enrolment)', async () => {
    const { dbs, check, userId } = await setUp(testDatabase);
    const code = oathtoolCode(secret, t0);
    await dbs[0]!('totp_secrets').where('user_id', userId).update({ confirmed_at: null });
    expect(await check(code, t0)).toMatchObject({ ok: false, reason: 'no_totp' });
    await dbs[0]!('totp_secrets').where('user_id', userId).del();
    expect(await check(code, t0)).toMatchObject({ ok: false, reason: 'no_totp' });
    expect(await checkTotpCode({ db: dbs[0]!, secretKey, now: t0 }, userId + 1000, code)).toMatchObject({ ok: false, reason: 'no_totp' });
  });
});
