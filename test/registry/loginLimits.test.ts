import { describe, expect, it } from 'vitest';
import { loginFailureLimit, loginFailureLimitPerAddress, loginFailureLimitPerUser, loginFailureWindowMs } from '../../packages/registry/src/accounts/accountRules.js';
import { attemptPasswordLogin } from '../../packages/registry/src/accounts/attemptPasswordLogin.js';
import { listEvents } from '../../packages/registry/src/events/listEvents.js';
import { oathtoolCode } from '../support/oathtool.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { wheelOf } from './distributions.js';
import { startRegistryForThisTest } from './startRegistryForThisTest.js';
import { TestBrowser } from './TestBrowser.js';
import { testDatabases } from './testDatabases.js';
import { signUp, tokenTestPassword as password, type SignedInUser } from './tokenAccounts.js';
import { basicAuth, postUpload, twineBody } from './uploadRequests.js';

/** The start of a login window, plus a little: the tests move this clock, never sleep across a window's end. */
const windowStart = Math.ceil(Date.UTC(2026, 11, 4, 12) / loginFailureWindowMs) * loginFailureWindowMs;

describe.each(testDatabases)('login limits on $kind', (testDatabase) => {
  async function start() {
    const clock = { now: windowStart + 7_000 };
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase), { trustProxy: true, uploadAuth: 'password-allowed' }, { now: () => clock.now });
    return { registry, clock };
  }
  const logIn = (url: string, username: string, secret: string, ip = '192.0.2.1') =>
    new TestBrowser(url).request('/api/v1/session', { method: 'POST', json: { username, password: secret }, headers: { 'x-forwarded-for': ip } });
  const call = (user: SignedInUser, path: string, json?: unknown) =>
    user.browser.request(path, { method: 'POST', ...(json === undefined ? {} : { json }), headers: { 'x-csrf-token': user.csrfToken } });

  it('lets every one of 20 concurrent uploads and 100 concurrent logins with the right password through', async () => {
    const { registry } = await start();
    await signUp(registry.url, 'alice');
    const first = await postUpload(registry.url, basicAuth('alice', password), twineBody(wheelOf('burst', '0.0.1')));
    expect(first.status, first.statusText).toBe(200);
    const uploads = await Promise.all(
      Array.from({ length: 20 }, (_, index) => postUpload(registry.url, basicAuth('alice', password), twineBody(wheelOf('burst', `1.0.${index}`)))),
    );
    expect(uploads.map((answer) => `${answer.status} ${answer.statusText}`)).toEqual(Array(20).fill('200 OK'));
    const logins = await Promise.all(Array.from({ length: 100 }, () => logIn(registry.url, 'alice', password)));
    expect(logins.map((answer) => answer.status)).toEqual(Array(100).fill(200));
    expect(await listEvents(registry.db, { kind: 'account.login_rate_limited' })).toEqual([]);
  }, 120_000);

  it('per (user, address): 10 failures lock that address out of that account only; the window end frees it', async () => {
    const { registry, clock } = await start();
    await signUp(registry.url, 'heidi');
    // Sent all at once: exactly the limit is checked, the rest refused without a check.
    const failures = await Promise.all(Array.from({ length: loginFailureLimit + 5 }, () => logIn(registry.url, 'heidi', 'wrong password', '203.0.113.66')));
    expect(failures.filter((answer) => answer.status === 401)).toHaveLength(loginFailureLimit);
    expect(failures.filter((answer) => answer.status === 429)).toHaveLength(5);
    const limited = await logIn(registry.url, 'HEIDI', password, '203.0.113.66');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBe(loginFailureWindowMs / 1000 - 7);
    expect(limited.statusText).toBe(`Too many failed logins: try again in ${loginFailureWindowMs / 1000 - 7} seconds`);
    // The attacker's address does not lock heidi out from hers, nor others out from the attacker's.
    expect((await logIn(registry.url, 'heidi', password, '198.51.100.7')).status).toBe(200);
    await signUp(registry.url, 'ivan');
    expect((await logIn(registry.url, 'ivan', password, '203.0.113.66')).status).toBe(200);
    const events = await listEvents(registry.db, { kind: 'account.login_rate_limited' });
    expect(events.at(-1)).toMatchObject({ ip: '203.0.113.66', details: { via: 'api', limitedBy: 'user_ip' } });
    clock.now = windowStart + loginFailureWindowMs;
    expect((await logIn(registry.url, 'heidi', password, '203.0.113.66')).status).toBe(200);
  }, 60_000);

  it(`per address: ${loginFailureLimitPerAddress} failures across usernames refuse that address, not others`, async () => {
    const { registry } = await start();
    await signUp(registry.url, 'judy');
    for (let batch = 0; batch < loginFailureLimitPerAddress / 10; batch++) {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, index) => logIn(registry.url, `nobody${batch}-${index}`, 'wrong password', '203.0.113.9')));
      expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(401));
    }
    expect((await logIn(registry.url, 'judy', password, '203.0.113.9')).status).toBe(429);
    expect((await listEvents(registry.db, { kind: 'account.login_rate_limited' }))[0]).toMatchObject({ details: { limitedBy: 'ip' } });
    expect((await logIn(registry.url, 'judy', password, '203.0.113.10')).status).toBe(200);
  }, 60_000);

  it(`per user: a ceiling of ${loginFailureLimitPerUser} failures from many addresses, which a second factor or a session passes`, async () => {
    const { registry, clock } = await start();
    const mallory = await signUp(registry.url, 'mallory');
    const kate = await signUp(registry.url, 'kate');
    // kate adds a TOTP app: her password alone will not sign her in.
    const started = (await (await call(kate, '/api/v1/2fa/totp')).json()) as { secret: string };
    expect((await call(kate, '/api/v1/2fa/totp/confirm', { code: oathtoolCode(started.secret, clock.now) })).status).toBe(200);

    const attempt = (username: string, secret: string, ip: string, via: 'api' | 'basic' | 'sudo' = 'api') =>
      attemptPasswordLogin(registry.db, { username, password: secret, ip, userAgent: null, via, now: clock.now });
    for (const username of ['mallory', 'kate']) {
      // From 25 addresses at once, each under its own limit: only the ceiling stops them, and exactly at it.
      const results = await Promise.all(
        Array.from({ length: loginFailureLimitPerUser + 10 }, (_, index) => attempt(username, 'wrong password', `10.0.${index % 25}.1`)),
      );
      const checked = results.filter((result) => !result.ok && result.reason === 'invalid_credentials').length;
      expect(checked, username).toBe(username === 'mallory' ? loginFailureLimitPerUser : loginFailureLimitPerUser + 10);
    }
    // mallory has no second factor: even her right password is refused, over HTTP Basic too.
    expect(await attempt('mallory', password, '198.51.100.1')).toMatchObject({ ok: false, reason: 'rate_limited' });
    expect(await attempt('mallory', password, '198.51.100.1', 'basic')).toMatchObject({ ok: false, reason: 'rate_limited' });
    expect((await listEvents(registry.db, { kind: 'account.login_rate_limited' })).at(-1)).toMatchObject({ details: { limitedBy: 'user' } });
    // ... but a signed-in session confirming sudo is not stopped by the ceiling (it is by its own address's limit).
    expect((await call(mallory, '/api/v1/sudo', { password })).status).toBe(200);
    // kate's right password still gets her to the second factor, and the code signs her in.
    const browser = new TestBrowser(registry.url);
    const login = await browser.request('/api/v1/session', { method: 'POST', json: { username: 'kate', password }, headers: { 'x-forwarded-for': '198.51.100.2' } });
    expect(login.status).toBe(200);
    const body = (await login.json()) as { secondFactorRequired: boolean; csrfToken: string };
    expect(body.secondFactorRequired).toBe(true);
    clock.now += 30_000;
    const second = await browser.request('/api/v1/session/second-factor', {
      method: 'POST',
      json: { totpCode: oathtoolCode(started.secret, clock.now) },
      headers: { 'x-csrf-token': body.csrfToken, 'x-forwarded-for': '198.51.100.2' },
    });
    expect(second.status).toBe(200);
    // The next window forgets the ceiling.
    clock.now = windowStart + loginFailureWindowMs;
    expect(await attempt('mallory', password, '198.51.100.1', 'basic')).toMatchObject({ ok: true });
  }, 120_000);

  it('the second-factor limit still counts failures: of 8 concurrent wrong codes 5 are checked, then even a right one waits', async () => {
    const { registry, clock } = await start();
    const kate = await signUp(registry.url, 'kate');
    const started = (await (await call(kate, '/api/v1/2fa/totp')).json()) as { secret: string };
    expect((await call(kate, '/api/v1/2fa/totp/confirm', { code: oathtoolCode(started.secret, clock.now) })).status).toBe(200);
    const wrong = await Promise.all(Array.from({ length: 8 }, () => call(kate, '/api/v1/sudo', { password, totpCode: '000000' === oathtoolCode(started.secret, clock.now) ? '111111' : '000000' })));
    expect(wrong.map((answer) => answer.status).sort()).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    expect((await call(kate, '/api/v1/sudo', { password, totpCode: oathtoolCode(started.secret, clock.now + 30_000) })).status).toBe(429);
  }, 60_000);
});
