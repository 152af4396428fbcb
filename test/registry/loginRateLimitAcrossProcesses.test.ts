import { describe, expect, it } from 'vitest';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { serveRegistryProcessForThisTest } from './serveRegistryProcessForThisTest.js';
import { testDatabases } from './testDatabases.js';
import { waitForFreshLoginWindow } from './waitForFreshLoginWindow.js';

const password = 'correct horse battery';

function login(url: string, username: string, secret: string): Promise<Response> {
  return fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: secret }) });
}

describe.each(testDatabases)('the login rate limit on $kind', (testDatabase) => {
  it('holds across two server processes on one database, and after both stop (one killed) and a new one starts', async () => {
    await waitForFreshLoginWindow(20_000);
    const database = await createDatabaseForThisTest(testDatabase);
    const first = serveRegistryProcessForThisTest(database);
    const second = serveRegistryProcessForThisTest(database);
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

    const restarted = serveRegistryProcessForThisTest(database);
    const limited = await login(await restarted.listening(), 'mallory', password);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(300);
    expect(limited.statusText).toBe(`Too many failed logins: try again in ${retryAfter} seconds`);
    for (const started of [first, second, restarted]) expect(started.stderr()).toBe('');
  }, 60_000);
});
