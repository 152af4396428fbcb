import { rmSync, statSync, writeFileSync, chmodSync, closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUser } from '../../packages/registry/src/accounts/createUser.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { sdistOf } from './distributions.js';
import { basicAuth, postUpload, twineBody } from './uploadRequests.js';
import { runRegistryProcess } from './runRegistryProcess.js';
import { startRegistryForThisTest } from './startRegistryForThisTest.js';
import { TestBrowser } from './TestBrowser.js';
import { testDatabases } from './testDatabases.js';

const password = 'correct horse battery';
const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('the SQLite database files', () => {
  const sqlite = testDatabases.find((database) => database.kind === 'sqlite')!;

  it('are created 0600 (they hold password hashes), whatever the umask', async () => {
    const database = await createDatabaseForThisTest(sqlite);
    const previous = process.umask(0o022);
    try {
      const registry = await startRegistryForThisTest(database);
      const response = await new TestBrowser(registry.url).request('/api/v1/accounts', { method: 'POST', json: { username: 'alice', password } });
      expect(response.status).toBe(201);
      const file = join(database.dataDir, 'registry.sqlite3');
      expect(modeOf(file)).toBe(0o600);
      expect(modeOf(`${file}-wal`)).toBe(0o600);
      expect(modeOf(`${file}-shm`)).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('lose group and other access when they already exist', async () => {
    const database = await createDatabaseForThisTest(sqlite);
    const file = join(database.dataDir, 'registry.sqlite3');
    closeSync(openSync(file, 'w'));
    chmodSync(file, 0o644);
    await startRegistryForThisTest(database);
    expect(modeOf(file)).toBe(0o600);
  });
});

describe.each(testDatabases)('health probes on $kind', (testDatabase) => {
  const fresh = () => createDatabaseForThisTest(testDatabase);

  it('GET /healthz and /readyz answer 200 when all is well, never cached', async () => {
    const registry = await startRegistryForThisTest(await fresh());
    const health = await fetch(`${registry.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('cache-control')).toBe('no-store');
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${registry.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', storage: 'ok' } });
    expect((await fetch(`${registry.url}/readyz`, { method: 'HEAD' })).status).toBe(200);
  });

  it('GET /readyz answers 503 naming the storage when it cannot be written; /healthz stays 200', async () => {
    const registry = await startRegistryForThisTest(await fresh());
    // Tests may run as root, which ignores permission bits: put a file where the storage directory was.
    rmSync(registry.config.storageDir, { recursive: true, force: true });
    writeFileSync(registry.config.storageDir, 'not a directory');
    const ready = await fetch(`${registry.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', checks: { database: 'ok', storage: 'not writable' } });
    expect((await fetch(`${registry.url}/healthz`)).status).toBe(200);
  });

  it('GET /readyz answers 503 naming the database when it cannot be reached', async () => {
    const registry = await startRegistryForThisTest(await fresh());
    await registry.db.destroy();
    const ready = await fetch(`${registry.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', checks: { database: 'unreachable', storage: 'ok' } });
    expect((await fetch(`${registry.url}/healthz`)).status).toBe(200);
  });
});

describe.each(testDatabases)('closed sign-up on $kind', (testDatabase) => {
  const fresh = () => createDatabaseForThisTest(testDatabase);

  it('refuses sign-up over JSON and in the form with 403; create-admin still adds an account that can log in', async () => {
    const database = await fresh();
    const registry = await startRegistryForThisTest(database, { signup: 'closed' });
    const message = 'Sign-up is closed on this registry: ask its administrators for an account';
    const browser = new TestBrowser(registry.url);
    const json = await browser.request('/api/v1/accounts', { method: 'POST', json: { username: 'mallory', password } });
    expect(json.status).toBe(403);
    expect(await json.json()).toEqual({ error: { code: 'signup_closed', message } });

    const form = await browser.request('/account/register');
    expect(form.status).toBe(403);
    expect(await form.text()).toBe(`${message}\n`);
    const login = await browser.request('/account/login');
    expect(login.status).toBe(200);
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(await login.text())?.[1];
    expect(csrf).toBeDefined();
    const posted = await browser.request('/account/register', { method: 'POST', form: { username: 'mallory', password, csrf_token: csrf! } });
    expect(posted.status).toBe(403);
    expect(Number(((await registry.db('users').count({ count: '*' })) as Array<{ count: unknown }>)[0]!.count)).toBe(0);

    const admin = runRegistryProcess(['create-admin', '--username', 'root'], { KEYBRIDGE_SIGNUP: 'closed', KEYBRIDGE_DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl });
    admin.child.stdin.end('an admin password\n');
    expect(await admin.exit).toEqual({ code: 0, signal: null });
    const session = await new TestBrowser(registry.url).request('/api/v1/session', { method: 'POST', json: { username: 'root', password: 'an admin password' } });
    expect(session.status).toBe(200);
  });

  it('leaves sign-up open by default', async () => {
    const registry = await startRegistryForThisTest(await fresh());
    expect(registry.config.signup).toBe('open');
    expect((await new TestBrowser(registry.url).request('/account/register')).status).toBe(200);
  });
});

describe.each(testDatabases)('behind a TLS proxy on $kind', (testDatabase) => {
  const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'pypi.example' };
  const sessionCookieOf = (response: Response) => response.headers.getSetCookie().find((value) => value.startsWith('keybridge_session='));
  const csrfCookieOf = (response: Response) => response.headers.getSetCookie().find((value) => value.startsWith('keybridge_csrf='));

  async function refusedUploadMessage(registry: { url: string; db: Parameters<typeof createUser>[0] }, headers: Record<string, string>): Promise<string> {
    const answer = await postUpload(registry.url, basicAuth('bob', password), twineBody(sdistOf('kb-demo', '1.0')), headers);
    expect(answer.status).toBe(400);
    return answer.statusText;
  }

  it('with KEYBRIDGE_TRUST_PROXY, a request that came over https gets Secure cookies and https URLs without a public URL', async () => {
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase), { trustProxy: true });
    expect(registry.config.publicUrl).toMatch(/^http:\/\/localhost:\d+$/);
    const signUp = await new TestBrowser(registry.url).request('/api/v1/accounts', { method: 'POST', json: { username: 'carol', password }, headers: forwarded });
    expect(signUp.status).toBe(201);
    expect(sessionCookieOf(signUp)).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
    expect(csrfCookieOf(await new TestBrowser(registry.url).request('/account/login', { headers: forwarded }))).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
    // Only X-Forwarded-Proto: the Host the proxy passed on.
    const protoOnly = await new TestBrowser(registry.url).request('/api/v1/accounts', { method: 'POST', json: { username: 'dave', password }, headers: { 'x-forwarded-proto': 'https' } });
    expect(sessionCookieOf(protoOnly)).toMatch(/; Secure; /);

    await createUser(registry.db, { username: 'alice', password });
    await createUser(registry.db, { username: 'bob', password });
    expect((await postUpload(registry.url, basicAuth('alice', password), twineBody(sdistOf('kbdemo', '1.0')))).status).toBe(200);
    expect(await refusedUploadMessage(registry, forwarded)).toContain(' See https://pypi.example/help/#project-name ');
    const json = (await (await fetch(`${registry.url}/pypi/kbdemo/json`, { headers: forwarded })).json()) as { urls: Array<{ url: string }> };
    expect(json.urls[0]!.url).toMatch(/^https:\/\/pypi\.example\/files\//);
    const plainJson = (await (await fetch(`${registry.url}/pypi/kbdemo/json`)).json()) as { urls: Array<{ url: string }> };
    expect(plainJson.urls[0]!.url.startsWith(`${registry.config.publicUrl}/`)).toBe(true);
    // A plain http request through the same proxy keeps the configured URL and gets no Secure cookie.
    expect(await refusedUploadMessage(registry, { 'x-forwarded-proto': 'http', 'x-forwarded-host': 'pypi.example' })).toContain(` See ${registry.config.publicUrl}/help/`);
    const plain = await new TestBrowser(registry.url).request('/api/v1/accounts', { method: 'POST', json: { username: 'erin', password }, headers: { 'x-forwarded-proto': 'http' } });
    expect(sessionCookieOf(plain)).not.toMatch(/Secure/);
  });

  it('without KEYBRIDGE_TRUST_PROXY, X-Forwarded-Proto is not believed', async () => {
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase));
    const signUp = await new TestBrowser(registry.url).request('/api/v1/accounts', { method: 'POST', json: { username: 'carol', password }, headers: forwarded });
    expect(sessionCookieOf(signUp)).not.toMatch(/Secure/);
    expect(csrfCookieOf(await new TestBrowser(registry.url).request('/account/login', { headers: forwarded }))).not.toMatch(/Secure/);
    await createUser(registry.db, { username: 'alice', password });
    await createUser(registry.db, { username: 'bob', password });
    expect((await postUpload(registry.url, basicAuth('alice', password), twineBody(sdistOf('kbdemo', '1.0')))).status).toBe(200);
    expect(await refusedUploadMessage(registry, forwarded)).toContain(` See ${registry.config.publicUrl}/help/`);
  });
});
