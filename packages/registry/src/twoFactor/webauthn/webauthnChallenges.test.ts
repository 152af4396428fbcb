import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { createSession } from '../../accounts/createSession.js';
import { createUser } from '../../accounts/createUser.js';
import { migrateDatabase } from '../../db/migrateDatabase.js';
import { openDatabase } from '../../db/openDatabase.js';
import { issueChallenge, takeChallenge } from './webauthnChallenges.js';
import { challengeLifetimeMs } from './webauthnRules.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const now = Date.UTC(2026, 11, 4, 12);

/** Two connections on one migrated SQLite file, and a session row (the challenges' foreign key). */
async function setup(): Promise<{ db: Knex; other: Knex; sessionHash: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'keybridge-challenges-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const [db, other] = [0, 1].map(() => openDatabase({ databaseUrl: `sqlite:${join(dir, 'registry.sqlite3')}` })) as [Knex, Knex];
  cleanups.push(() => db.destroy(), () => other.destroy());
  await migrateDatabase(db);
  const user = await createUser(db, { username: 'alice', password: 'correct horse battery' });
  const { session } = await createSession(db, user.id, { ip: null, userAgent: null }, new Date(now));
  return { db, other, sessionHash: session.idHash };
}

describe('webauthn challenges', () => {
  it('are taken once: the second take finds nothing', async () => {
    const { db, sessionHash } = await setup();
    const challenge = await issueChallenge(db, sessionHash, 'registration', now);
    expect(Buffer.from(challenge, 'base64url')).toHaveLength(32);
    expect(await takeChallenge(db, sessionHash, 'registration', now + 1000)).toBe(challenge);
    expect(await takeChallenge(db, sessionHash, 'registration', now + 1000)).toBeUndefined();
    expect(await db('webauthn_challenges').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  it('keep one per session and purpose: a new one replaces the old, the other purpose is untouched', async () => {
    const { db, sessionHash } = await setup();
    const first = await issueChallenge(db, sessionHash, 'authentication', now);
    const registration = await issueChallenge(db, sessionHash, 'registration', now);
    const second = await issueChallenge(db, sessionHash, 'authentication', now);
    expect(second).not.toBe(first);
    expect(await takeChallenge(db, sessionHash, 'authentication', now)).toBe(second);
    expect(await takeChallenge(db, sessionHash, 'registration', now)).toBe(registration);
  });

  it('expire after 5 minutes, and an expired one is deleted when read', async () => {
    const { db, sessionHash } = await setup();
    await issueChallenge(db, sessionHash, 'authentication', now);
    expect(await takeChallenge(db, sessionHash, 'authentication', now + challengeLifetimeMs)).toBeUndefined();
    expect(await db('webauthn_challenges').count({ n: '*' }).first()).toEqual({ n: 0 });
    const fresh = await issueChallenge(db, sessionHash, 'authentication', now);
    expect(await takeChallenge(db, sessionHash, 'authentication', now + challengeLifetimeMs - 1)).toBe(fresh);
  });

  it('go to exactly one of many concurrent takers on two connections', async () => {
    const { db, other, sessionHash } = await setup();
    const challenge = await issueChallenge(db, sessionHash, 'authentication', now);
    const taken = await Promise.all(Array.from({ length: 12 }, (_, index) => takeChallenge(index % 2 ? db : other, sessionHash, 'authentication', now)));
    expect(taken.filter((value) => value !== undefined)).toEqual([challenge]);
  });

  it('go with their session', async () => {
    const { db, sessionHash } = await setup();
    await issueChallenge(db, sessionHash, 'registration', now);
    await db('sessions').where('id_hash', sessionHash).delete();
    expect(await db('webauthn_challenges').count({ n: '*' }).first()).toEqual({ n: 0 });
  });
});
