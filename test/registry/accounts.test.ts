import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { listEvents } from '../../packages/registry/src/events/listEvents.js';
import type { RunningRegistry } from '../../packages/registry/src/server/startRegistry.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { startRegistryForThisTest } from './startRegistryForThisTest.js';
import { startTestRegistry } from './startTestRegistry.js';
import { TestBrowser } from './TestBrowser.js';
import { testDatabases } from './testDatabases.js';
import { loginFailureLimitPerAddress, loginFailureWindowMs } from '../../packages/registry/src/accounts/accountRules.js';

const password = 'correct horse battery';

describe.each(testDatabases)('accounts on $kind', (testDatabase) => {
  const fresh = () => createDatabaseForThisTest(testDatabase);
  const start = startRegistryForThisTest;

  async function signUp(registry: RunningRegistry, username: string): Promise<TestBrowser> {
    const browser = new TestBrowser(registry.url);
    const response = await browser.request('/api/v1/accounts', { method: 'POST', json: { username, password } });
    expect(response.status).toBe(201);
    return browser;
  }

  it('signs up over JSON: 201, an HttpOnly SameSite=Lax session cookie, only its hash stored, an event', async () => {
    const registry = await start(await fresh());
    // Started on port 0, the public URL names the port actually bound (on localhost: an IP address cannot be a WebAuthn RP ID).
    expect(registry.config.publicUrl).toBe(registry.url.replace('127.0.0.1', 'localhost'));
    const browser = new TestBrowser(registry.url);
    const response = await browser.request('/api/v1/accounts', {
      method: 'POST',
      json: { username: 'Alice.Smith', password },
      headers: { 'user-agent': 'accounts-test/1' },
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { user: { id: number; username: string; isAdmin: boolean }; csrfToken: string };
    expect(body.user).toMatchObject({ username: 'Alice.Smith', isAdmin: false });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const cookie = response.headers.getSetCookie().find((value) => value.startsWith('keybridge_session='))!;
    expect(cookie).toMatch(/^keybridge_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    expect(cookie).not.toMatch(/Secure/);
    const sessionId = browser.cookies.get('keybridge_session')!;
    const rows = (await registry.db('sessions').select('id_hash', 'user_id')) as Array<{ id_hash: string; user_id: number }>;
    expect(rows).toEqual([{ id_hash: createHash('sha256').update(sessionId).digest('hex'), user_id: body.user.id }]);

    const me = await browser.request('/api/v1/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ user: body.user, csrfToken: body.csrfToken });

    const [user] = (await registry.db('users').select('username_normalized', 'password_hash')) as Array<{ username_normalized: string; password_hash: string }>;
    expect(user!.username_normalized).toBe('alice.smith');
    expect(user!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    const events = await listEvents(registry.db);
    expect(events.map((event) => event.kind)).toEqual(['account.signup']);
    expect(events[0]).toMatchObject({ userId: body.user.id, ip: '127.0.0.1', userAgent: 'accounts-test/1', details: { via: 'api', username: 'Alice.Smith' } });
    expect(JSON.stringify(events)).not.toContain(password);
  });

  it('sends Secure cookies when the public URL is https', async () => {
    const registry = await start(await fresh(), { publicUrl: 'https://registry.example' });
    const browser = new TestBrowser(registry.url);
    const response = await browser.request('/api/v1/accounts', { method: 'POST', json: { username: 'alice', password } });
    expect(response.headers.getSetCookie().find((value) => value.startsWith('keybridge_session='))).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
    const form = await browser.request('/account/login');
    expect(form.status).toBe(200);
    const anonymous = await new TestBrowser(registry.url).request('/account/login');
    expect(anonymous.headers.getSetCookie().find((value) => value.startsWith('keybridge_csrf='))).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
  });

  it('refuses a username taken in another case, over JSON (409) and in the form (409 page)', async () => {
    const registry = await start(await fresh());
    await signUp(registry, 'Bob_Builder');
    const json = await new TestBrowser(registry.url).request('/api/v1/accounts', { method: 'POST', json: { username: 'bob_BUILDER', password } });
    expect(json.status).toBe(409);
    expect(json.statusText).toBe('The username "bob_BUILDER" is already taken');
    expect(await json.json()).toEqual({ error: { code: 'username_taken', message: 'The username "bob_BUILDER" is already taken' } });

    const browser = new TestBrowser(registry.url);
    const csrf_token = await browser.csrfTokenOf('/account/register');
    const form = await browser.request('/account/register', { method: 'POST', form: { csrf_token, username: 'BOB_builder', password } });
    expect(form.status).toBe(409);
    expect(await form.text()).toContain('The username &quot;BOB_builder&quot; is already taken');
    expect(await registry.db('users').count({ count: '*' })).toEqual([{ count: expect.anything() }]);
    expect(Number(((await registry.db('users').count({ count: '*' })) as Array<{ count: unknown }>)[0]!.count)).toBe(1);
  });

  it.each([
    ['', 'A username is required'],
    ['-leading', 'The username must start and end with a letter or digit'],
    ['trailing.', 'The username must start and end with a letter or digit'],
    ['has space', 'The username must start and end with a letter or digit'],
    ['ünïcode', 'The username must start and end with a letter or digit'],
    ['a'.repeat(51), 'The username must be at most 50 characters'],
  ])('refuses the username %j with 400', async (username, message) => {
    const registry = await start(await fresh());
    const response = await new TestBrowser(registry.url).request('/api/v1/accounts', { method: 'POST', json: { username, password } });
    expect(response.status).toBe(400);
    expect(response.statusText.startsWith(message)).toBe(true);
  });

  it('accepts 50-character and one-character usernames, refuses passwords under 8 characters', async () => {
    const registry = await start(await fresh());
    await signUp(registry, 'a'.repeat(50));
    await signUp(registry, 'x');
    const short = await new TestBrowser(registry.url).request('/api/v1/accounts', { method: 'POST', json: { username: 'carol', password: '1234567' } });
    expect(short.status).toBe(400);
    expect(short.statusText).toBe('The password must be at least 8 characters');
    // Eight characters, counted as characters rather than bytes.
    const browser = new TestBrowser(registry.url);
    expect((await browser.request('/api/v1/accounts', { method: 'POST', json: { username: 'carol', password: 'pässwörd' } })).status).toBe(201);
  });

  it('logs in and out over JSON: 401 for a wrong password, the CSRF header required to log out, the session row deleted', async () => {
    const registry = await start(await fresh());
    await signUp(registry, 'dave');
    const browser = new TestBrowser(registry.url);
    const wrong = await browser.request('/api/v1/session', { method: 'POST', json: { username: 'dave', password: 'not the password' } });
    expect(wrong.status).toBe(401);
    expect(wrong.statusText).toBe('Invalid username or password');
    expect(browser.cookies.has('keybridge_session')).toBe(false);

    const login = await browser.request('/api/v1/session', { method: 'POST', json: { username: 'DAVE', password } });
    expect(login.status).toBe(200);
    const { user, csrfToken } = (await login.json()) as { user: { id: number; username: string }; csrfToken: string };
    expect(user.username).toBe('dave');
    const stolenCookie = browser.cookies.get('keybridge_session')!;

    const withoutToken = await browser.request('/api/v1/session', { method: 'DELETE' });
    expect(withoutToken.status).toBe(403);
    expect(((await withoutToken.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
    const wrongToken = await browser.request('/api/v1/session', { method: 'DELETE', headers: { 'x-csrf-token': csrfToken.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) } });
    expect(wrongToken.status).toBe(403);

    const logout = await browser.request('/api/v1/session', { method: 'DELETE', headers: { 'x-csrf-token': csrfToken } });
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie()).toEqual([expect.stringMatching(/^keybridge_session=; Path=\/; Max-Age=0; /)]);
    expect(await registry.db('sessions').where('user_id', user.id).select('id_hash')).toEqual([
      // The sign-up's session is still there; the logged-out one is gone.
      { id_hash: expect.not.stringMatching(createHash('sha256').update(stolenCookie).digest('hex')) },
    ]);
    const replay = new TestBrowser(registry.url);
    replay.cookies.set('keybridge_session', stolenCookie);
    expect((await replay.request('/api/v1/me')).status).toBe(401);

    const kinds = (await listEvents(registry.db, { userId: user.id })).map((event) => [event.kind, event.details]);
    expect(kinds).toEqual([
      ['account.signup', { via: 'api', username: 'dave' }],
      ['account.login_failed', { via: 'api', reason: 'wrong_password' }],
      ['account.login', { via: 'api' }],
      ['account.logout', { via: 'api' }],
    ]);
  });

  it('records a failed login for an unknown user without the username typed', async () => {
    const registry = await start(await fresh());
    const response = await new TestBrowser(registry.url).request('/api/v1/session', { method: 'POST', json: { username: 'maybe-a-password', password } });
    expect(response.status).toBe(401);
    const events = await listEvents(registry.db);
    expect(events).toEqual([expect.objectContaining({ kind: 'account.login_failed', userId: null, details: { via: 'api', reason: 'unknown_user' } })]);
  });

  it('refuses an expired session', async () => {
    const registry = await start(await fresh());
    const browser = await signUp(registry, 'erin');
    await registry.db('sessions').update({ expires_at: new Date(Date.now() - 1000) });
    expect((await browser.request('/api/v1/me')).status).toBe(401);
  });

  it('replaces a session the browser already had when it logs in (no fixation)', async () => {
    const registry = await start(await fresh());
    const browser = await signUp(registry, 'frank');
    const before = browser.cookies.get('keybridge_session');
    const me = (await (await browser.request('/api/v1/me')).json()) as { csrfToken: string };
    const login = await browser.request('/api/v1/session', { method: 'POST', json: { username: 'frank', password }, headers: { 'x-csrf-token': me.csrfToken } });
    expect(login.status).toBe(200);
    expect(browser.cookies.get('keybridge_session')).not.toBe(before);
    expect(Number(((await registry.db('sessions').count({ count: '*' })) as Array<{ count: unknown }>)[0]!.count)).toBe(1);
  });

  it('signs up, logs out and logs in with forms: each post refused without its CSRF token, accepted with it', async () => {
    const registry = await start(await fresh());
    const browser = new TestBrowser(registry.url);
    const page = await browser.request('/account/register');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.getSetCookie()).toEqual([expect.stringMatching(/^keybridge_csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/)]);
    const csrf_token = /name="csrf_token" value="([^"]+)"/.exec(await page.text())![1]!;

    const missing = await browser.request('/account/register', { method: 'POST', form: { username: 'grace', password } });
    expect(missing.status).toBe(403);
    expect(missing.statusText).toBe('The CSRF token is missing or invalid: reload the page and try again');
    // Another browser's token (a page the attacker loaded) does not fit this browser's cookie.
    const otherToken = await new TestBrowser(registry.url).csrfTokenOf('/account/register');
    expect((await browser.request('/account/register', { method: 'POST', form: { csrf_token: otherToken, username: 'grace', password } })).status).toBe(403);
    // Nor does the right token without the cookie it is bound to.
    const cookieless = new TestBrowser(registry.url);
    expect((await cookieless.request('/account/register', { method: 'POST', form: { csrf_token, username: 'grace', password } })).status).toBe(403);
    expect(await registry.db('users').select('id')).toEqual([]);

    const created = await browser.request('/account/register', { method: 'POST', form: { csrf_token, username: 'grace', password } });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/account/');
    expect(created.headers.getSetCookie().find((value) => value.startsWith('keybridge_session='))).toMatch(/; HttpOnly; SameSite=Lax$/);
    const account = await browser.request('/account/');
    expect(await account.text()).toContain('Signed in as <strong>grace</strong>');

    // Signed in, the token is bound to the session: the anonymous one no longer works.
    expect((await browser.request('/account/logout', { method: 'POST', form: { csrf_token } })).status).toBe(403);
    expect((await browser.request('/account/logout', { method: 'POST', form: {} })).status).toBe(403);
    const sessionToken = await browser.csrfTokenOf('/account/');
    const loggedOut = await browser.request('/account/logout', { method: 'POST', form: { csrf_token: sessionToken } });
    expect(loggedOut.status).toBe(303);
    expect(loggedOut.headers.get('location')).toBe('/account/login');
    expect(await registry.db('sessions').select('id_hash')).toEqual([]);
    expect((await browser.request('/account/')).headers.get('location')).toBe('/account/login');

    const loginToken = await browser.csrfTokenOf('/account/login');
    expect((await browser.request('/account/login', { method: 'POST', form: { username: 'grace', password } })).status).toBe(403);
    const wrong = await browser.request('/account/login', { method: 'POST', form: { csrf_token: loginToken, username: 'grace', password: 'wrong password' } });
    expect(wrong.status).toBe(401);
    expect(wrong.statusText).toBe('Invalid username or password');
    expect(await wrong.text()).toContain('value="grace"');
    const loggedIn = await browser.request('/account/login', { method: 'POST', form: { csrf_token: loginToken, username: 'GRACE', password } });
    expect(loggedIn.status).toBe(303);
    expect(await (await browser.request('/account/')).text()).toContain('Signed in as <strong>grace</strong>');

    expect((await listEvents(registry.db)).map((event) => `${event.kind} ${String(event.details.via)}`)).toEqual([
      'account.signup form',
      'account.logout form',
      'account.login_failed form',
      'account.login form',
    ]);
  });

  it('limits login failures per user and address (10 per window) with 429 and Retry-After, even for the right password', async () => {
    // The injected clock: 60 s into a window, whatever the time of day.
    const clock = Math.ceil(Date.now() / loginFailureWindowMs) * loginFailureWindowMs + 60_000;
    const registry = await start(await fresh(), { trustProxy: true }, { now: () => clock });
    await signUp(registry, 'heidi');
    // Each failure from the same address: the per (user, address) count trips.
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await new TestBrowser(registry.url).request('/api/v1/session', {
        method: 'POST',
        json: { username: 'heidi', password: 'wrong password' },
        headers: { 'x-forwarded-for': '198.51.100.200' },
      });
      expect(response.status).toBe(401);
    }
    const limited = await new TestBrowser(registry.url).request('/api/v1/session', {
      method: 'POST',
      json: { username: 'HEIDI', password },
      headers: { 'x-forwarded-for': '198.51.100.200' },
    });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBe(240);
    expect(limited.statusText).toBe(`Too many failed logins: try again in ${retryAfter} seconds`);
    expect(await limited.json()).toEqual({ error: { code: 'rate_limited', message: limited.statusText } });

    // The form says the same, and another user is not affected.
    const browser = new TestBrowser(registry.url);
    const csrf_token = await browser.csrfTokenOf('/account/login');
    const form = await browser.request('/account/login', { method: 'POST', form: { csrf_token, username: 'heidi', password }, headers: { 'x-forwarded-for': '198.51.100.200' } });
    expect(form.status).toBe(429);
    expect(form.headers.get('retry-after')).toBe('240');
    await signUp(registry, 'ivan');
    expect((await new TestBrowser(registry.url).request('/api/v1/session', { method: 'POST', json: { username: 'ivan', password }, headers: { 'x-forwarded-for': '198.51.100.200' } })).status).toBe(200);
    // heidi herself, from her own address, is not locked out.
    expect((await new TestBrowser(registry.url).request('/api/v1/session', { method: 'POST', json: { username: 'heidi', password }, headers: { 'x-forwarded-for': '198.51.100.201' } })).status).toBe(200);

    const limitedEvents = await listEvents(registry.db, { kind: 'account.login_rate_limited' });
    expect(limitedEvents).toHaveLength(2);
    expect(limitedEvents[0]).toMatchObject({ ip: '198.51.100.200', details: { via: 'api', limitedBy: 'user_ip' } });
  }, 60_000);

  it('behind a trusted proxy, takes the client address from the last X-Forwarded-For entry (added by the proxy)', async () => {
    const registry = await start(await fresh(), { trustProxy: true });
    const response = await new TestBrowser(registry.url).request('/api/v1/session', {
      method: 'POST',
      json: { username: 'nobody', password },
      headers: { 'x-forwarded-for': '10.9.8.7, 203.0.113.9' },
    });
    expect(response.status).toBe(401);
    expect((await listEvents(registry.db))[0]!.ip).toBe('203.0.113.9');
  });

  it('limits login failures per IP address across usernames', async () => {
    const clock = Math.ceil(Date.now() / loginFailureWindowMs) * loginFailureWindowMs + 60_000;
    const registry = await start(await fresh(), {}, { now: () => clock });
    await signUp(registry, 'judy');
    for (let attempt = 1; attempt <= loginFailureLimitPerAddress; attempt++) {
      const response = await new TestBrowser(registry.url).request('/api/v1/session', { method: 'POST', json: { username: `nobody${attempt}`, password } });
      expect(response.status).toBe(401);
    }
    const limited = await new TestBrowser(registry.url).request('/api/v1/session', { method: 'POST', json: { username: 'judy', password } });
    expect(limited.status).toBe(429);
    expect((await listEvents(registry.db, { kind: 'account.login_rate_limited' }))[0]).toMatchObject({ details: { limitedBy: 'ip' } });
  }, 60_000);

  it('keeps counting across two servers on one database and across a restart', async () => {
    const clock = Math.ceil(Date.now() / loginFailureWindowMs) * loginFailureWindowMs + 60_000;
    const database = await fresh();
    const first = await startTestRegistry(database, {}, { now: () => clock });
    const second = await startTestRegistry(database, {}, { now: () => clock });
    await signUp(first, 'mallory');
    // Failures alternate between the two servers, concurrently in pairs.
    for (let pair = 0; pair < 5; pair++) {
      const answers = await Promise.all(
        [first, second].map((registry) =>
          new TestBrowser(registry.url).request('/api/v1/session', { method: 'POST', json: { username: 'mallory', password: 'wrong password' } }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual([401, 401]);
    }
    for (const registry of [first, second]) {
      expect((await new TestBrowser(registry.url).request('/api/v1/session', { method: 'POST', json: { username: 'mallory', password } })).status).toBe(429);
    }
    await first.close();
    await second.close();

    const restarted = await start(database, {}, { now: () => clock });
    const afterRestart = await new TestBrowser(restarted.url).request('/api/v1/session', { method: 'POST', json: { username: 'mallory', password } });
    expect(afterRestart.status).toBe(429);
    expect(Number(afterRestart.headers.get('retry-after'))).toBeGreaterThan(0);
  }, 60_000);

  it('answers malformed bodies with a clear 4xx, never a 5xx', async () => {
    const registry = await start(await fresh());
    const browser = new TestBrowser(registry.url);
    const cases: Array<{ path: string; init: RequestInit; status: number; message: string | RegExp }> = [
      { path: '/api/v1/session', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username": "a",' }, status: 400, message: /^The request body is not valid JSON: / },
      { path: '/api/v1/session', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' }, status: 400, message: /^The request body is not valid JSON/ },
      { path: '/api/v1/session', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1, 2]' }, status: 400, message: 'Expected a JSON object with "username" and "password" strings' },
      { path: '/api/v1/session', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username": 5, "password": null}' }, status: 400, message: 'Expected a JSON object with "username" and "password" strings' },
      { path: '/api/v1/accounts', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }, status: 400, message: 'The request body is not valid UTF-8' },
      { path: '/api/v1/accounts', init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }, status: 415, message: 'Expected a JSON body (Content-Type: application/json)' },
      { path: '/api/v1/accounts', init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=a&password=b' }, status: 415, message: 'Expected a JSON body (Content-Type: application/json)' },
      { path: '/api/v1/accounts', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'big', password: 'x'.repeat(70_000) }) }, status: 413, message: 'The request body is larger than 65536 bytes' },
      { path: '/account/login', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, status: 415, message: 'Expected a form post (Content-Type: application/x-www-form-urlencoded)' },
      { path: '/account/login', init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new Uint8Array([0x61, 0x3d, 0xc3]) }, status: 400, message: 'The form is not valid UTF-8' },
      { path: '/account/login', init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '%%%&&==' }, status: 403, message: /^The CSRF token is missing or invalid/ },
      { path: '/api/v1/nothing-here', init: {}, status: 404, message: 'Not Found' },
      { path: '/api/v1/me', init: { method: 'PUT' }, status: 405, message: 'Method Not Allowed' },
    ];
    for (const { path, init, status, message } of cases) {
      const response = await browser.request(path, init);
      expect({ path, status: response.status }).toEqual({ path, status });
      if (typeof message === 'string') expect(response.statusText).toBe(message);
      else expect(response.statusText).toMatch(message);
      const text = await response.text();
      if (path.startsWith('/api/')) expect(JSON.parse(text)).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
      else expect(text).toContain(response.statusText);
    }
    const csrf_token = await browser.csrfTokenOf('/account/login');
    const empty = await browser.request('/account/login', { method: 'POST', form: { csrf_token } });
    expect(empty.status).toBe(400);
    expect(empty.statusText).toBe('Enter a username and a password');
  });
});
