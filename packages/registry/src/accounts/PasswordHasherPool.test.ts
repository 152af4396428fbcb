import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PasswordHasherError } from './PasswordHasherError.js';
import { PasswordHasherPool } from './PasswordHasherPool.js';

// A stand-in for passwordHasherWorker: answers 'hash' with "<password>@<thread id>" after 20 ms, and misbehaves on
// cue (the password says how).
const directory = mkdtempSync(join(tmpdir(), 'keybridge-hasher-pool-'));
const fakeWorker = join(directory, 'fakeWorker.mjs');
writeFileSync(
  fakeWorker,
  `import { parentPort, threadId } from 'node:worker_threads';
parentPort.on('message', (request) => {
  if (request.password === 'exit') process.exit(3);
  if (request.password === 'throw') throw new Error('boom');
  if (request.password === 'fail') return parentPort.postMessage({ ok: false, message: 'it failed' });
  setTimeout(() => parentPort.postMessage({ ok: true, value: request.op === 'hash' ? request.password + '@' + threadId : true }), 20);
});
`,
);
const pools: PasswordHasherPool[] = [];
const pool = (size: number) => {
  const created = new PasswordHasherPool({ workerUrl: pathToFileURL(fakeWorker), size });
  pools.push(created);
  return created;
};
const threadOf = (answer: string) => answer.split('@')[1];

afterEach(async () => {
  await Promise.all(pools.splice(0).map((created) => created.close()));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('PasswordHasherPool', () => {
  it('runs requests one after another on the same worker', async () => {
    const hasher = pool(2);
    const answers = [await hasher.hash('a'), await hasher.hash('b'), await hasher.hash('c')];
    expect(answers.map((answer) => answer.split('@')[0])).toEqual(['a', 'b', 'c']);
    expect(new Set(answers.map(threadOf)).size).toBe(1);
    expect(await hasher.verify('hash', 'password')).toBe(true);
    expect(hasher.workerCount).toBe(1);
  });

  it('starts another worker only for overlapping requests, up to its size, and queues the rest', async () => {
    const hasher = pool(2);
    const answers = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((password) => hasher.hash(password)));
    expect(answers.map((answer) => answer.split('@')[0])).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(new Set(answers.map(threadOf)).size).toBe(2);
    expect(hasher.workerCount).toBe(2);
  });

  it.each(['exit', 'throw'])('fails only the request in flight when its worker dies (%s), then starts a new one', async (how) => {
    const hasher = pool(1);
    const before = await hasher.hash('before');
    const dying = hasher.hash(how);
    const queued = hasher.hash('queued');
    const error: unknown = await dying.then(() => null, (rejection: unknown) => rejection);
    expect(error).toBeInstanceOf(PasswordHasherError);
    expect(error).toMatchObject({ code: 'password_hasher_crashed', message: how === 'exit' ? 'The password hashing worker stopped (exit code 3).' : 'The password hashing worker crashed: boom' });
    const after = await queued;
    expect(threadOf(after)).not.toBe(threadOf(before));
    expect(await hasher.hash('later')).toBe(`later@${threadOf(after)}`);
    expect(hasher.workerCount).toBe(1);
  });

  it('rejects with PasswordHasherError when the worker reports a failure, and keeps the worker', async () => {
    const hasher = pool(1);
    const before = await hasher.hash('before');
    await expect(hasher.hash('fail')).rejects.toMatchObject({ name: 'PasswordHasherError', code: 'password_hasher_failed', message: 'The password hashing worker failed: it failed' });
    expect(threadOf(await hasher.hash('after'))).toBe(threadOf(before));
  });

  it('fails every request clearly when its worker cannot start', async () => {
    const hasher = new PasswordHasherPool({ workerUrl: pathToFileURL(join(directory, 'missing.mjs')), size: 1 });
    pools.push(hasher);
    const results = await Promise.allSettled([hasher.hash('a'), hasher.verify('h', 'b')]);
    for (const result of results) expect(result).toMatchObject({ status: 'rejected', reason: { code: 'password_hasher_crashed' } });
    expect(hasher.workerCount).toBe(0);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new PasswordHasherPool({ workerUrl: pathToFileURL(fakeWorker), size: 0 })).toThrow(RangeError);
  });
});
