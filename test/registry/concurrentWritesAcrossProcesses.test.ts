/*
 * Two registry processes writing one database at the same moment (issue 5: several processes may serve one
 * database). On SQLite a transaction that reads and then writes cannot wait for another process's write lock (the
 * busy timeout does not apply to the read→write upgrade): without taking the write lock up front, such a collision
 * was a 500. Every well-formed request must get a 2xx or a 4xx, and the rows must be exactly what the answers say.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../packages/registry/src/db/openDatabase.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { sdistOf, wheelOf, type Distribution } from './distributions.js';
import { serveRegistryProcessForThisTest } from './serveRegistryProcessForThisTest.js';
import { testDatabases } from './testDatabases.js';
import { basicAuth, postUpload, twineBody } from './uploadRequests.js';

const password = 'correct horse battery';
const uploaders = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'];
const loginUsers = ['l0', 'l1', 'l2', 'l3'];

interface PlannedUpload {
  user: string;
  distribution: Distribution;
}

/**
 * 31 uploads: four files into each of five users' own projects (same release and different releases), six users
 * racing to create one shared project (one wins, the others get 403 or 400), one identical file sent five times.
 * Each uploader authenticates at most 10 times at once: under the login limit (more than 10 per window).
 */
function plannedUploads(): PlannedUpload[] {
  const planned: PlannedUpload[] = [];
  for (const [index, user] of uploaders.slice(0, 5).entries()) {
    const name = `own-${index}`;
    planned.push(
      { user, distribution: sdistOf(name, '1.0') },
      { user, distribution: wheelOf(name, '1.0') },
      { user, distribution: wheelOf(name, '1.1') },
      { user, distribution: wheelOf(name, '2.0', { tags: 'py2.py3-none-any' }) },
    );
  }
  for (const user of uploaders) planned.push({ user, distribution: wheelOf('shared', '1.0', { extra: user }) });
  const duplicate = wheelOf('dup', '1.0');
  for (let copy = 0; copy < 5; copy++) planned.push({ user: 'u5', distribution: duplicate });
  return planned;
}

function postJson(url: string, path: string, body: unknown, forwardedFor: string): Promise<Response> {
  return fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify(body) });
}

describe.each(testDatabases)('concurrent writes from two processes on $kind', (testDatabase) => {
  it('answers every concurrent upload, sign-up and login with a 2xx or 4xx, and stores exactly what was answered', async () => {
    const database = await createDatabaseForThisTest(testDatabase);
    // Behind a proxy: every request comes from its own address, so the per-IP login limit is not what is tested.
    const processes = [0, 1].map(() => serveRegistryProcessForThisTest(database, { KEYBRIDGE_TRUST_PROXY: 'true' }));
    const urls = await Promise.all(processes.map((started) => started.listening()));
    let address = 0;
    const nextAddress = () => `10.${(address >> 8) & 255}.${address++ & 255}.1`;

    // Sign-ups, all at once, alternating between the processes.
    const signUps = await Promise.all(
      [...uploaders, ...loginUsers, 'mallory'].map((username, index) => postJson(urls[index % 2]!, '/api/v1/accounts', { username, password }, nextAddress())),
    );
    expect(signUps.map((answer) => answer.status)).toEqual(signUps.map(() => 201));

    // Uploads and logins (8 right, 8 wrong passwords), all at once, alternating between the processes.
    const planned = plannedUploads();
    const uploads = planned.map((upload, index) =>
      postUpload(urls[index % 2]!, basicAuth(upload.user, password), twineBody(upload.distribution), { 'x-forwarded-for': nextAddress() }),
    );
    const logins = [...loginUsers, ...loginUsers].map((username, index) => postJson(urls[(index + 1) % 2]!, '/api/v1/session', { username, password }, nextAddress()));
    const failedLogins = Array.from({ length: 8 }, (_, index) => postJson(urls[index % 2]!, '/api/v1/session', { username: 'mallory', password: 'wrong password' }, nextAddress()));
    const [uploadAnswers, loginAnswers, failedLoginAnswers] = await Promise.all([Promise.all(uploads), Promise.all(logins), Promise.all(failedLogins)]);

    const described = uploadAnswers.map((answer, index) => `${planned[index]!.user} ${planned[index]!.distribution.filename}: ${answer.status} ${answer.statusText}`);
    const stderr = processes.map((started) => started.stderr()).join('');
    for (const line of described) expect(line, stderr).not.toMatch(/: 5\d\d /);
    expect(loginAnswers.map((answer) => answer.status)).toEqual(loginAnswers.map(() => 200));
    expect(failedLoginAnswers.map((answer) => answer.status)).toEqual(failedLoginAnswers.map(() => 401));

    const created = uploadAnswers.flatMap((answer) => /^Uploaded (\S+)\n$/.exec(answer.body)?.[1] ?? []);
    const identical = uploadAnswers.filter((answer) => answer.status === 200 && /already exists with the same content/.test(answer.body));
    // Own projects: every file stored. Shared: one user wins, the others are refused. Duplicate: stored once.
    expect(uploadAnswers.slice(0, 20).map((answer) => answer.status)).toEqual(Array(20).fill(200));
    const sharedAnswers = uploadAnswers.slice(20, 26);
    expect(sharedAnswers.filter((answer) => answer.status === 200), described.join('\n')).toHaveLength(1);
    for (const answer of sharedAnswers) expect([200, 400, 403]).toContain(answer.status);
    expect(uploadAnswers.slice(26).map((answer) => answer.status)).toEqual(Array(5).fill(200));
    expect(identical).toHaveLength(4);
    expect(created).toHaveLength(22);

    const db = openDatabase({ databaseUrl: database.databaseUrl });
    try {
      const files = (await db('files').select('filename')) as Array<{ filename: string }>;
      expect(files.map((file) => file.filename).sort()).toEqual([...created].sort());
      const sharedWinner = planned[20 + sharedAnswers.findIndex((answer) => answer.status === 200)]!.user;
      const owners = (await db('roles')
        .join('projects', 'projects.id', 'roles.project_id')
        .join('users', 'users.id', 'roles.user_id')
        .select('projects.normalized_name as project', 'users.username as user', 'roles.role as role')
        .orderBy('projects.normalized_name')) as Array<{ project: string; user: string; role: string }>;
      expect(owners).toEqual([
        { project: 'dup', user: 'u5', role: 'owner' },
        ...[0, 1, 2, 3, 4].map((index) => ({ project: `own-${index}`, user: `u${index}`, role: 'owner' })),
        { project: 'shared', user: sharedWinner, role: 'owner' },
      ]);
      expect(Number((await db('releases').count({ count: '*' }).first())?.count)).toBe(5 * 3 + 2);

      const events = (await db('events').select('kind')) as Array<{ kind: string }>;
      const countOf = (kind: string) => events.filter((event) => event.kind === kind).length;
      expect(countOf('account.signup')).toBe(uploaders.length + loginUsers.length + 1);
      expect(countOf('project.created')).toBe(7);
      expect(countOf('release.created')).toBe(17);
      expect(countOf('file.uploaded')).toBe(created.length);
      expect(countOf('account.login')).toBe(8);
      expect(countOf('account.login_failed')).toBe(8);
      expect(countOf('account.login_rate_limited')).toBe(0);
      // Sign-up signs in too.
      expect(Number((await db('sessions').count({ count: '*' }).first())?.count)).toBe(signUps.length + 8);

      // No count lost: successful logins (every upload's included) were taken back, each failure counted once.
      const buckets = (await db('rate_limit_buckets').select('bucket_key', 'hits')) as Array<{ bucket_key: string; hits: number | string }>;
      const hits = new Map(buckets.map((bucket) => [bucket.bucket_key, Number(bucket.hits)]));
      for (const user of [...uploaders, ...loginUsers]) expect(hits.get(`login:user:${user}`) ?? 0, user).toBe(0);
      expect(hits.get('login:user:mallory')).toBe(8);
      expect(hits.get('login:user:mallory:failed')).toBe(8);
      expect([...hits].filter(([key, count]) => key.startsWith('login:ip:') && !key.endsWith(':failed') && count > 0)).toHaveLength(8);
      expect([...hits].filter(([key, count]) => key.startsWith('login:ip:') && key.endsWith(':failed') && count > 0)).toHaveLength(8);
    } finally {
      await db.destroy();
    }
    for (const started of processes) expect(started.stderr()).toBe('');
  }, 60_000);
});
