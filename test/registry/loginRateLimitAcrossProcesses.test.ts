import { describe, expect, it } from 'vitest';
import { loginFailureWindowMs } from '../../packages/registry/src/accounts/accountRules.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { serveRegistryProcessForThisTest } from './serveRegistryProcessForThisTest.js';
import { testDatabases } from './testDatabases.js';
import { shiftedToFreshLoginWindow } from './shiftedToFreshLoginWindow.js';

const password = 'correct horse battery';

function login(url: string, username: string, secret: string): Promise<Response> {
  return fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: secret }) });
}

describe.each(testDatabases)('the login rate limit on $kind', (testDatabase) => {
  it('holds across two server processes on one database, and after both stop (one killed) and a new one starts', async () => {
    // All three processes share one clock, shifted to the start of a login-failure window: no window edge in between.
    const shiftedAt = Date.now();
    const clock = shiftedToFreshLoginWindow();
    const database = await createDatabaseForThisTest(testDatabase);
    const first = serveRegistryProcessForThisTest(database, clock);
    const second = serveRegistryProcessForThisTest(database, clock);
    const urls = await Promise.all([first.listening(), second.listening()]);
    const signUp = await fetch(`${urls[0]}/api/v1/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'mallory', password }) });
    expect(signUp.status).toBe(201);

    // Ten failures, five on each process, sent to both at once.
    for (let pair = 0; pair < 5; pair++) {
      const answers = await Promise.all(urls.map((url) => login(url, 'mallory', 'wrong password')));
      expect(answers.map((answer) => answer.status)).toEqual([401, 401]);
    }
    for (const url of urls) {
      const limited = await login(url, 'Mallory', password);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }

    first.child.kill('SIGKILL');
    second.child.kill('SIGTERM');
    expect((await first.exit).signal).toBe('SIGKILL');
    expect(await second.exit).toEqual({ code: 0, signal: null });

    const restarted = serveRegistryProcessForThisTest(database, clock);
    const limited = await login(await restarted.listening(), 'mallory', password);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    // The shifted clock started 1 s into the window: the window's end is its length less that second less the time
    // this test has taken (a slow machine only lowers the bound). Unshifted, it would be anywhere in 1..300.
    expect(retryAfter).toBeGreaterThanOrEqual(Math.floor((loginFailureWindowMs - 1000 - (Date.now() - shiftedAt)) / 1000));
    expect(retryAfter).toBeLessThanOrEqual(300);
    expect(limited.statusText).toBe(`Too many failed logins: try again in ${retryAfter} seconds`);
    for (const started of [first, second, restarted]) expect(started.stderr()).toBe('');
  }, 60_000);
});
