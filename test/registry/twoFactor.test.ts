import { describe, expect, it } from 'vitest';
import { listEvents } from '../../packages/registry/src/events/listEvents.js';
import type { RegistryConfig } from '../../packages/registry/src/config/RegistryConfig.js';
import { oathtoolCode } from '../support/oathtool.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { sdistOf } from './distributions.js';
import { startRegistryForThisTest } from './startRegistryForThisTest.js';
import { startTestRegistry } from './startTestRegistry.js';
import { TestBrowser } from './TestBrowser.js';
import { testDatabases, type FreshDatabase } from './testDatabases.js';
import { mintToken, requestToken, signUp, tokenTestPassword, type SignedInUser } from './tokenAccounts.js';
import { basicAuth, postUpload, twineBody } from './uploadRequests.js';

const minute = 60_000;

describe.each(testDatabases)('two-factor authentication on $kind', (testDatabase) => {
  /** A registry whose clock the test moves, with alice signed up (sign-up confirms sudo mode). */
  async function start(overrides: Partial<RegistryConfig> = {}, database?: FreshDatabase) {
    const clock = { now: Date.UTC(2026, 11, 4, 12, 0, 7) };
    const fresh = database ?? (await createDatabaseForThisTest(testDatabase));
    const registry = await startRegistryForThisTest(fresh, overrides, { now: () => clock.now });
    return { registry, clock, database: fresh };
  }
  const call = (user: SignedInUser | { browser: TestBrowser; csrfToken: string }, path: string, method = 'POST', json?: unknown) =>
    user.browser.request(path, { method, ...(json === undefined ? {} : { json }), headers: { 'x-csrf-token': user.csrfToken } });

  /** Adds a TOTP app to `user` with oathtool's code; returns the secret and the recovery codes shown. */
  async function addTotp(user: SignedInUser, now: number): Promise<{ secret: string; recoveryCodes: string[] }> {
    const started = await call(user, '/api/v1/2fa/totp');
    expect(started.status).toBe(201);
    const { secret, uri, qrSvg } = (await started.json()) as { secret: string; uri: string; qrSvg: string };
    expect(uri).toContain(`secret=${secret}`);
    expect(qrSvg).toMatch(/^<svg/);
    const confirmed = await call(user, '/api/v1/2fa/totp/confirm', 'POST', { code: oathtoolCode(secret, now) });
    const body = (await confirmed.json()) as { totp: boolean; recoveryCodes: string[] };
    expect(confirmed.status, JSON.stringify(body)).toBe(200);
    return { secret, recoveryCodes: body.recoveryCodes };
  }

  /** Password login over JSON: a half session (second factor owed), or a full one. */
  async function logIn(baseUrl: string, username: string) {
    const browser = new TestBrowser(baseUrl);
    const response = await browser.request('/api/v1/session', { method: 'POST', json: { username, password: tokenTestPassword } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { secondFactorRequired?: boolean; methods?: string[]; csrfToken: string };
    return { browser, csrfToken: body.csrfToken, body };
  }

  it('TOTP: enrolment needs a correct code, gives 8 recovery codes once, then login is half done until a code', async () => {
    const { registry, clock } = await start();
    const alice = await signUp(registry.url, 'alice');
    const started = await call(alice, '/api/v1/2fa/totp');
    const { secret } = (await started.json()) as { secret: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const wrong = await call(alice, '/api/v1/2fa/totp/confirm', 'POST', { code: oathtoolCode(secret, clock.now + 5 * minute) });
    expect(wrong.status).toBe(400);
    expect(((await (await call(alice, '/api/v1/2fa', 'GET')).json()) as { enabled: boolean }).enabled).toBe(false);
    const confirmed = await call(alice, '/api/v1/2fa/totp/confirm', 'POST', { code: oathtoolCode(secret, clock.now) });
    const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(8);
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){3}$/);
    expect(await (await call(alice, '/api/v1/2fa', 'GET')).json()).toMatchObject({ enabled: true, totp: true, recoveryCodesLeft: 8, methods: ['totp', 'recovery_code'] });
    // The database holds neither the secret nor a recovery code.
    const rows = JSON.stringify([await registry.db('totp_secrets').select('*'), await registry.db('recovery_codes').select('*'), await registry.db('events').select('*')]);
    expect(rows).not.toContain(secret);
    for (const code of recoveryCodes) expect(rows).not.toContain(code.replace(/-/g, ''));

    clock.now += minute;
    const login = await logIn(registry.url, 'alice');
    expect(login.body).toMatchObject({ secondFactorRequired: true, methods: ['totp', 'recovery_code'] });
    // The half session can do nothing else.
    expect((await login.browser.request('/api/v1/me')).status).toBe(401);
    expect((await call(login, '/api/v1/tokens', 'POST', { name: 'sneaky' })).status).toBe(401);
    const code = oathtoolCode(secret, clock.now);
    const done = await call(login, '/api/v1/session/second-factor', 'POST', { totpCode: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect(done.status).toBe(200);
    const full = (await done.json()) as { user: { username: string }; csrfToken: string };
    expect(full.user.username).toBe('alice');
    expect((await login.browser.request('/api/v1/me')).status).toBe(200);

    // The same code again (another login) is a replay.
    const again = await logIn(registry.url, 'alice');
    const replay = await call(again, '/api/v1/session/second-factor', 'POST', { totpCode: code });
    expect([replay.status, ((await replay.json()) as { error: { code: string; message: string } }).error.code]).toEqual([401, 'second_factor_invalid']);
    // A code two steps ahead says the device clock looks wrong.
    const skewed = await call(again, '/api/v1/session/second-factor', 'POST', { totpCode: oathtoolCode(secret, clock.now + 60_000) });
    expect(((await skewed.json()) as { error: { message: string } }).error.message).toMatch(/clock/i);
    // A half session lasts 5 minutes.
    clock.now += 5 * minute + 1000;
    expect((await call(again, '/api/v1/session/second-factor', 'POST', { totpCode: oathtoolCode(secret, clock.now) })).status).toBe(401);

    const kinds = (await listEvents(registry.db, { userId: 1 })).map((event) => event.kind);
    expect(kinds).toEqual(expect.arrayContaining(['account.totp_added', 'account.recovery_codes_generated', 'account.login_second_factor', 'account.second_factor_failed']));
  });

  it('recovery codes: each works once, the count goes down, a use writes an event; new ones void the old', async () => {
    const { registry, clock } = await start();
    const alice = await signUp(registry.url, 'alice');
    const { recoveryCodes } = await addTotp(alice, clock.now);
    const login = await logIn(registry.url, 'alice');
    const completed = await call(login, '/api/v1/session/second-factor', 'POST', { recoveryCode: recoveryCodes[3]!.toUpperCase() });
    expect(completed.status).toBe(200);
    // The full session is a new one, with a CSRF token of its own.
    const halfCsrf = login.csrfToken;
    login.csrfToken = ((await completed.json()) as { csrfToken: string }).csrfToken;
    expect(login.csrfToken).not.toBe(halfCsrf);
    expect(((await (await call(login, '/api/v1/2fa', 'GET')).json()) as { recoveryCodesLeft: number }).recoveryCodesLeft).toBe(7);
    const second = await logIn(registry.url, 'alice');
    expect((await call(second, '/api/v1/session/second-factor', 'POST', { recoveryCode: recoveryCodes[3] })).status).toBe(401);
    const [used] = await listEvents(registry.db, { kind: 'account.recovery_code_used' });
    expect(used).toMatchObject({ details: { purpose: 'login', left: 7 } });
    // Fresh codes (sudo mode: the login just now) void the old ones.
    const renewed = (await (await call(login, '/api/v1/2fa/recovery-codes')).json()) as { recoveryCodes: string[] };
    expect(renewed.recoveryCodes).toHaveLength(8);
    expect((await call(second, '/api/v1/session/second-factor', 'POST', { recoveryCode: recoveryCodes[0] })).status).toBe(401);
    expect((await call(second, '/api/v1/session/second-factor', 'POST', { recoveryCode: renewed.recoveryCodes[0] })).status).toBe(200);
  });

  it('limits failed second factors to 5 per 5 minutes per user (429 + Retry-After), also after a restart', async () => {
    const { registry, clock, database } = await start();
    const alice = await signUp(registry.url, 'alice');
    const { secret } = await addTotp(alice, clock.now);
    const login = await logIn(registry.url, 'alice');
    for (let attempt = 0; attempt < 5; attempt++) expect((await call(login, '/api/v1/session/second-factor', 'POST', { totpCode: '000000' })).status).toBe(401);
    const limited = await call(login, '/api/v1/session/second-factor', 'POST', { totpCode: oathtoolCode(secret, clock.now) });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another process on the same database (a restart) keeps the count.
    await registry.close();
    const restarted = await startTestRegistry(database, {}, { now: () => clock.now });
    try {
      const other = await logIn(restarted.url, 'alice');
      expect((await call(other, '/api/v1/session/second-factor', 'POST', { totpCode: oathtoolCode(secret, clock.now) })).status).toBe(429);
      clock.now += 5 * minute;
      const later = await logIn(restarted.url, 'alice');
      expect((await call(later, '/api/v1/session/second-factor', 'POST', { totpCode: oathtoolCode(secret, clock.now) })).status).toBe(200);
    } finally {
      await restarted.close();
    }
  });

  it('sudo mode: token, collaborator, second-factor, policy and release changes need the password (and factor) within 30 minutes', async () => {
    const { registry, clock } = await start();
    const alice = await signUp(registry.url, 'alice');
    await signUp(registry.url, 'bob');
    expect((await postUpload(registry.url, basicAuth('alice', tokenTestPassword), twineBody(sdistOf('proj', '1.0')))).status).toBe(200);
    const token = await mintToken(alice, { name: 'early' });
    clock.now += 31 * minute;
    const protectedCalls: Array<[string, string, unknown]> = [
      ['/api/v1/tokens', 'POST', { name: 'late' }],
      [`/api/v1/tokens/${token.id}`, 'DELETE', undefined],
      ['/api/v1/projects/proj/collaborators', 'POST', { username: 'bob' }],
      ['/api/v1/projects/proj/collaborators/bob', 'DELETE', undefined],
      ['/api/v1/projects/proj/policy', 'PUT', { require2fa: false }],
      ['/api/v1/projects/proj/releases/1.0/yank', 'PUT', { reason: 'late' }],
      ['/api/v1/projects/proj/releases/1.0/yank', 'DELETE', undefined],
      ['/api/v1/projects/proj/releases/1.0/files/proj-1.0.tar.gz', 'DELETE', undefined],
      ['/api/v1/projects/proj/releases/1.0', 'DELETE', undefined],
      ['/api/v1/projects/proj', 'DELETE', { confirm: 'proj' }],
      ['/api/v1/2fa/totp', 'POST', undefined],
      ['/api/v1/2fa/recovery-codes', 'POST', undefined],
      ['/api/v1/2fa/security-keys/options', 'POST', undefined],
    ];
    for (const [path, method, json] of protectedCalls) {
      const refused = await call(alice, path, method, json);
      expect([path, refused.status, ((await refused.json()) as { error: { code: string } }).error.code]).toEqual([path, 403, 'sudo_required']);
    }
    expect((await call(alice, '/api/v1/sudo', 'POST', { password: 'wrong password' })).status).toBe(401);
    const sudo = await call(alice, '/api/v1/sudo', 'POST', { password: tokenTestPassword });
    expect(sudo.status).toBe(200);
    expect((await call(alice, '/api/v1/tokens', 'POST', { name: 'late' })).status).toBe(201);
    expect((await call(alice, '/api/v1/projects/proj/collaborators', 'POST', { username: 'bob' })).status).toBe(201);

    // With a second factor, sudo needs it too.
    const { secret } = await addTotp(alice, clock.now);
    clock.now += 31 * minute;
    expect((await call(alice, '/api/v1/sudo', 'POST', { password: tokenTestPassword })).status).toBe(400);
    expect((await call(alice, '/api/v1/sudo', 'POST', { password: tokenTestPassword, totpCode: oathtoolCode(secret, clock.now) })).status).toBe(200);
    expect((await call(alice, '/api/v1/tokens', 'POST', { name: 'later' })).status).toBe(201);
    expect((await listEvents(registry.db, { kind: 'account.sudo_confirmed' })).map((event) => event.details.method)).toEqual(['password', 'totp']);
  });

  it('upload policy: a 2FA account uploads with a token, never its password; tokens-only and password-allowed; projects requiring 2FA', async () => {
    const { registry, clock } = await start();
    const alice = await signUp(registry.url, 'alice');
    const bob = await signUp(registry.url, 'bob');
    const upload = (who: string, secret: string, name: string, version: string) => postUpload(registry.url, basicAuth(who, secret), twineBody(sdistOf(name, version)));
    expect((await upload('alice', tokenTestPassword, 'proj', '1.0')).status).toBe(200);
    const { secret } = await addTotp(alice, clock.now);
    const refused = await upload('alice', tokenTestPassword, 'proj', '2.0');
    expect([refused.status, refused.statusText]).toEqual([403, 'User alice has two factor auth enabled, an API token must be used to upload in place of password.']);
    const { token } = await mintToken(alice, { name: 'ci' });
    expect((await upload('__token__', token, 'proj', '2.0')).status).toBe(200);
    expect(await listEvents(registry.db, { kind: 'upload.refused_by_policy' })).toHaveLength(1);

    // The owner requires 2FA of every collaborator: bob (a maintainer without one) is refused, with the rule named.
    expect((await call(alice, '/api/v1/projects/proj/collaborators', 'POST', { username: 'bob' })).status).toBe(201);
    expect((await upload('bob', tokenTestPassword, 'proj', '3.0')).status).toBe(200);
    expect((await call(bob, '/api/v1/projects/proj/policy', 'PUT', { require2fa: true })).status).toBe(403);
    expect((await call(alice, '/api/v1/projects/proj/policy', 'PUT', { require2fa: true })).status).toBe(200);
    const bobRefused = await upload('bob', tokenTestPassword, 'proj', '4.0');
    expect([bobRefused.status, bobRefused.statusText]).toEqual([403, `Project 'proj' requires two-factor authentication of everyone who uploads to it: add a second factor to your account. See ${registry.config.publicUrl}/help/#2fa-required for more information.`]);
    const bobsToken = await mintToken(bob, { name: 'bobs' });
    expect((await upload('__token__', bobsToken.token, 'proj', '4.0')).status).toBe(403);
    // Removing the last second factor (sudo mode, with the factor) says that password uploads work again.
    clock.now += 31 * minute;
    expect((await call(alice, '/api/v1/sudo', 'POST', { password: tokenTestPassword, totpCode: oathtoolCode(secret, clock.now) })).status).toBe(200);
    const removed = await call(alice, '/api/v1/2fa/totp', 'DELETE');
    expect(await removed.json()).toMatchObject({ secondFactorEnabled: false, notice: expect.stringMatching(/uploads with the password are possible again/) });
    expect((await upload('alice', tokenTestPassword, 'other', '1.0')).status).toBe(200);
  });

  it('operator policies: tokens-only refuses every password upload; password-allowed lets a 2FA account use its password', async () => {
    const tokensOnly = await start({ uploadAuth: 'tokens-only' });
    await signUp(tokensOnly.registry.url, 'alice');
    const refused = await postUpload(tokensOnly.registry.url, basicAuth('alice', tokenTestPassword), twineBody(sdistOf('p', '1.0')));
    expect([refused.status, refused.statusText]).toEqual([403, `Uploads to this registry need an API token (username __token__) in place of a password. See ${tokensOnly.registry.config.publicUrl}/help/#apitoken for more information.`]);

    const allowed = await start({ uploadAuth: 'password-allowed' });
    const alice = await signUp(allowed.registry.url, 'alice');
    await addTotp(alice, allowed.clock.now);
    expect((await postUpload(allowed.registry.url, basicAuth('alice', tokenTestPassword), twineBody(sdistOf('p', '1.0')))).status).toBe(200);
    expect((await requestToken(alice, { name: 'still-works' })).status).toBe(201);
  });

  it('the login form asks for the second factor on its own page, and the half session reaches nothing else', async () => {
    const { registry, clock } = await start();
    const alice = await signUp(registry.url, 'alice');
    const { secret } = await addTotp(alice, clock.now);
    clock.now += minute;
    const browser = new TestBrowser(registry.url);
    const csrf = await browser.csrfTokenOf('/account/login');
    const login = await browser.request('/account/login', { method: 'POST', form: { csrf_token: csrf, username: 'alice', password: tokenTestPassword } });
    expect([login.status, login.headers.get('location')]).toEqual([303, '/account/two-factor']);
    expect((await browser.request('/account/')).headers.get('location')).toBe('/account/login');
    const stepCsrf = await browser.csrfTokenOf('/account/two-factor');
    const wrong = await browser.request('/account/two-factor', { method: 'POST', form: { csrf_token: stepCsrf, code: '000000' } });
    expect(wrong.status).toBe(401);
    const done = await browser.request('/account/two-factor', { method: 'POST', form: { csrf_token: stepCsrf, code: oathtoolCode(secret, clock.now) } });
    expect([done.status, done.headers.get('location')]).toEqual([303, '/account/']);
    expect(await (await browser.request('/account/')).text()).toContain('Signed in as <strong>alice</strong>');
  });
});
