import type { Knex } from 'knex';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createDatabaseForThisTest } from '../../../../../test/registry/createDatabaseForThisTest.js';
import { testDatabases, type TestDatabase } from '../../../../../test/registry/testDatabases.js';
import { createUser } from '../../accounts/createUser.js';
import { migrateDatabase } from '../../db/migrateDatabase.js';
import { openDatabase } from '../../db/openDatabase.js';
import { HttpError } from '../../http/HttpError.js';
import { checkTotpCode } from './checkTotpCode.js';
import { confirmTotpEnrolment } from './confirmTotpEnrolment.js';
import { startTotpEnrolment } from './startTotpEnrolment.js';
import { totpStep } from './totpParameters.js';
import { decryptTotpSecret, TotpSecretDecryptError } from './totpSecretCipher.js';
import { hasConfirmedTotp, removeTotp } from './totpStatus.js';
import { oathtoolCode } from '../../../../../test/support/oathtool.js';


/** A six-digit code that is none of the given ones (a wrong code, whatever the random secret). */
function otherCode(...codes: string[]): string {
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!codes.includes(code)) return code;
  }
}


const secretKey = Buffer.alloc(32, 3);
const t0 = Date.parse('2026-12-04T12:00:00Z');
const password = 'correct horse battery staple';

async function migratedDatabase(testDatabase: TestDatabase): Promise<Knex> {
  const fresh = await createDatabaseForThisTest(testDatabase);
  const db = openDatabase({ databaseUrl: fresh.databaseUrl });
  onTestFinished(() => db.destroy());
  await migrateDatabase(db);
  return db;
}

async function httpError(promise: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(error)}`);
  return { status: error.status, code: error.code, message: error.message };
}

describe.each(testDatabases)('TOTP enrolment on $kind', (testDatabase) => {
  it('starts with a 160-bit base32 secret, an otpauth URI that parses back, and an SVG QR code', async () => {
    const db = await migratedDatabase(testDatabase);
    const alice = await createUser(db, { username: 'alice', password });
    const enrolment = await startTotpEnrolment({ db, secretKey, siteName: 'keybridge', now: t0 }, alice);

    expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(enrolment.uri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/keybridge:alice');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret: enrolment.secret, issuer: 'keybridge', algorithm: 'SHA1', digits: '6', period: '30' });

    expect(enrolment.qrSvg).toMatch(/^<svg[\s>]/);
    expect(enrolment.qrSvg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(enrolment.qrSvg).toMatch(/<path[^>]* d="M[^"]+"/);
    expect(enrolment.qrSvg.trim()).toMatch(/<\/svg>$/);
  });

  it('percent-encodes a site name with spaces and a colon, so issuer and account still split at the one literal colon', async () => {
    const db = await migratedDatabase(testDatabase);
    const bob = await createUser(db, { username: 'bob.smith_1', password });
    const { uri, secret } = await startTotpEnrolment({ db, secretKey, siteName: 'Key Bridge: staging & co', now: t0 }, bob);
    expect(uri).toContain('otpauth://totp/Key%20Bridge%3A%20staging%20%26%20co:bob.smith_1?');
    const parsed = new URL(uri);
    const [issuer, account, ...rest] = parsed.pathname.slice(1).split(':');
    expect(rest).toEqual([]);
    expect(decodeURIComponent(issuer!)).toBe('Key Bridge: staging & co');
    expect(decodeURIComponent(account!)).toBe('bob.smith_1');
    expect(parsed.searchParams.get('issuer')).toBe('Key Bridge: staging & co');
    expect(parsed.searchParams.get('secret')).toBe(secret);
    expect(uri).not.toContain('+');
  });

  it('stores the secret encrypted: neither the base32 text nor its bytes are in the row, and it does not decrypt as another user', async () => {
    const db = await migratedDatabase(testDatabase);
    const alice = await createUser(db, { username: 'alice', password });
    const mallory = await createUser(db, { username: 'mallory', password });
    const { secret } = await startTotpEnrolment({ db, secretKey, siteName: 'keybridge', now: t0 }, alice);

    const row = (await db('totp_secrets').where('user_id', alice.id).first()) as Record<string, unknown> & { secret_encrypted: string };
    expect(row.confirmed_at).toBeNull();
    expect(row.last_used_step).toBeNull();
    expect(new Date(row.created_at as string | number | Date).getTime()).toBe(t0);
    const rawSecret = Buffer.from(decodeBase32(secret));
    const rowText = JSON.stringify(row);
    const storedBytes = Buffer.from(row.secret_encrypted, 'base64url');
    for (const form of [secret, secret.toLowerCase(), rawSecret.toString('hex'), rawSecret.toString('base64'), rawSecret.toString('base64url')]) {
      expect(rowText).not.toContain(form);
    }
    expect(storedBytes.includes(rawSecret)).toBe(false);
    expect(storedBytes.includes(Buffer.from(secret))).toBe(false);
    expect(decryptTotpSecret(secretKey, alice.id, row.secret_encrypted)).toBe(secret);

    // Mallory copies Alice's row into his own: it does not decrypt there, so it is no second factor of his.
    await db('totp_secrets').insert({ user_id: mallory.id, secret_encrypted: row.secret_encrypted, confirmed_at: new Date(t0), last_used_step: null, created_at: new Date(t0) });
    expect(() => decryptTotpSecret(secretKey, mallory.id, row.secret_encrypted)).toThrow(TotpSecretDecryptError);
    await expect(checkTotpCode({ db, secretKey, now: t0 }, mallory.id, oathtoolCode(secret, t0))).rejects.toBeInstanceOf(TotpSecretDecryptError);
  });

  it('confirms with one correct code, whose step then cannot sign in again', async () => {
    const db = await migratedDatabase(testDatabase);
    const alice = await createUser(db, { username: 'alice', password });
    const { secret } = await startTotpEnrolment({ db, secretKey, siteName: 'keybridge', now: t0 }, alice);
    const now = t0 + 40_000;
    const codes = [oathtoolCode(secret, now - 30_000), oathtoolCode(secret, now), oathtoolCode(secret, now + 30_000)];

    expect(await httpError(confirmTotpEnrolment({ db, secretKey, now }, alice.id, otherCode(...codes)))).toMatchObject({ status: 400, code: 'totp_invalid' });
    expect(await httpError(confirmTotpEnrolment({ db, secretKey, now }, alice.id, 'not a code'))).toMatchObject({ status: 400, code: 'totp_invalid' });
    expect(await hasConfirmedTotp(db, alice.id)).toBe(false);

    // The step before now (a code typed just as it changed).
    await confirmTotpEnrolment({ db, secretKey, now }, alice.id, ` ${codes[0]!} `);
    expect(await hasConfirmedTotp(db, alice.id)).toBe(true);
    const row = (await db('totp_secrets').where('user_id', alice.id).first('confirmed_at', 'last_used_step')) as { confirmed_at: string | number | Date; last_used_step: number | string };
    expect(new Date(row.confirmed_at).getTime()).toBe(now);
    expect(Number(row.last_used_step)).toBe(totpStep(now) - 1);

    expect(await checkTotpCode({ db, secretKey, now }, alice.id, codes[0]!)).toMatchObject({ ok: false, reason: 'replayed' });
    expect(await checkTotpCode({ db, secretKey, now }, alice.id, codes[1]!)).toEqual({ ok: true });
    // Confirmed: nothing left to confirm.
    expect(await httpError(confirmTotpEnrolment({ db, secretKey, now }, alice.id, codes[2]!))).toMatchObject({ status: 409, code: 'totp_not_started' });
  });

  it("refuses a code from a device whose clock is off, saying so, and confirms nothing without a pending enrolment", async () => {
    const db = await migratedDatabase(testDatabase);
    const alice = await createUser(db, { username: 'alice', password });
    expect(await httpError(confirmTotpEnrolment({ db, secretKey, now: t0 }, alice.id, '123456'))).toMatchObject({ status: 409, code: 'totp_not_started' });

    const { secret } = await startTotpEnrolment({ db, secretKey, siteName: 'keybridge', now: t0 }, alice);
    const ahead = await httpError(confirmTotpEnrolment({ db, secretKey, now: t0 }, alice.id, oathtoolCode(secret, t0 + 3 * 60_000)));
    expect(ahead).toMatchObject({ status: 400, code: 'totp_invalid' });
    expect(ahead.message).toContain('about 3 minutes ahead');
    expect(await hasConfirmedTotp(db, alice.id)).toBe(false);
  });

  it('replaces a pending enrolment when started again, and refuses to start over a confirmed one (409 totp_exists)', async () => {
    const db = await migratedDatabase(testDatabase);
    const alice = await createUser(db, { username: 'alice', password });
    const first = await startTotpEnrolment({ db, secretKey, siteName: 'keybridge', now: t0 }, alice);
    const second = await startTotpEnrolment({ db, secretKey, siteName: 'keybridge', now: t0 + 1000 }, alice);
    expect(second.secret).not.toBe(first.secret);
    const stored = () => db('totp_secrets').where('user_id', alice.id).select('secret_encrypted') as Promise<Array<{ secret_encrypted: string }>>;
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(decryptTotpSecret(secretKey, alice.id, rows[0]!.secret_encrypted)).toBe(second.secret);

    await confirmTotpEnrolment({ db, secretKey, now: t0 + 1000 }, alice.id, oathtoolCode(second.secret, t0 + 1000));
    expect(await httpError(startTotpEnrolment({ db, secretKey, siteName: 'keybridge', now: t0 + 2000 }, alice))).toMatchObject({ status: 409, code: 'totp_exists' });
    expect(await stored()).toEqual(rows.map((row) => ({ secret_encrypted: row.secret_encrypted })));
  });
});

describe.each(testDatabases)('TOTP status on $kind', (testDatabase) => {
  it('counts only a confirmed app; removing one says whether there was one', async () => {
    const db = await migratedDatabase(testDatabase);
    const alice = await createUser(db, { username: 'alice', password });
    const deps = { db, secretKey, siteName: 'keybridge', now: t0 };
    expect(await hasConfirmedTotp(db, alice.id)).toBe(false);
    expect(await removeTotp(db, alice.id)).toBe(false);

    // A pending enrolment is no second factor; removing it is allowed but removed no app.
    await startTotpEnrolment(deps, alice);
    expect(await hasConfirmedTotp(db, alice.id)).toBe(false);
    expect(await removeTotp(db, alice.id)).toBe(false);
    expect(await db('totp_secrets').where('user_id', alice.id)).toEqual([]);

    const { secret } = await startTotpEnrolment(deps, alice);
    await confirmTotpEnrolment(deps, alice.id, oathtoolCode(secret, t0));
    expect(await hasConfirmedTotp(db, alice.id)).toBe(true);
    // Inside the caller's transaction (routes remove and record an event together).
    expect(await db.transaction((trx) => removeTotp(trx, alice.id))).toBe(true);
    expect(await hasConfirmedTotp(db, alice.id)).toBe(false);
    expect(await checkTotpCode(deps, alice.id, oathtoolCode(secret, t0 + 30_000))).toMatchObject({ ok: false, reason: 'no_totp' });
    // And an app can be set up again afterwards.
    await startTotpEnrolment(deps, alice);
  });
});

/** RFC 4648 base32 (upper case, no padding) to bytes, written out here to stay independent of otplib. */
function decodeBase32(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    value = (value << 5) | alphabet.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(bytes);
}
