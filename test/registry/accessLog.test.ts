import { describe, expect, it } from 'vitest';
import { createUser } from '../../packages/registry/src/accounts/createUser.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { sdistOf } from './distributions.js';
import { startRegistryForThisTest } from './startRegistryForThisTest.js';
import { TestBrowser } from './TestBrowser.js';
import { testDatabases } from './testDatabases.js';
import { basicAuth, postUpload, twineBody } from './uploadRequests.js';

const password = 'correct horse battery';

interface AccessLine {
  kind: string;
  level: number;
  requestId: string;
  method: string;
  route: string | null;
  status: number;
  durationMs: number;
  userId: number | null;
}

/** The access lines logged so far (they are written when each response closes: wait for the expected count). */
async function accessLines(logLines: string[], count: number): Promise<AccessLine[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const lines = logLines.map((line) => JSON.parse(line) as AccessLine).filter((line) => line.kind === 'access');
    if (lines.length >= count || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(testDatabases)('the access log on $kind', (testDatabase) => {
  it('writes one JSON line per request: method, route, status, duration, request id, user id; never a secret', async () => {
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase));
    const browser = new TestBrowser(registry.url);
    const signUp = await browser.request('/api/v1/accounts', { method: 'POST', json: { username: 'alice', password } });
    expect(signUp.status).toBe(201);
    const userId = ((await signUp.json()) as { user: { id: number } }).user.id;
    const me = await browser.request('/api/v1/me', { headers: { 'x-request-id': 'forged-id', 'user-agent': 'secret-agent/1' } });
    expect(me.status).toBe(200);
    const missing = await fetch(`${registry.url}/pypi/no-such-project/json?token=pypi-secret`);
    expect(missing.status).toBe(404);
    await createUser(registry.db, { username: 'bob', password });
    const upload = await postUpload(registry.url, basicAuth('bob', password), twineBody(sdistOf('demo', '1.0')));
    expect(upload.status).toBe(200);
    expect((await fetch(`${registry.url}/nowhere`)).status).toBe(404);

    const lines = await accessLines(registry.logLines, 5);
    expect(lines.map(({ method, route, status }) => [method, route, status])).toEqual([
      ['POST', '/api/v1/accounts', 201],
      ['GET', '/api/v1/me', 200],
      ['GET', '/pypi/:project/json', 404],
      ['POST', '/legacy/', 200],
      ['GET', null, 404],
    ]);
    for (const line of lines) {
      expect(line.level).toBe(30);
      expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(typeof line.durationMs).toBe('number');
      expect(line.durationMs).toBeGreaterThanOrEqual(0);
    }
    // The id sent back is the one logged; an incoming X-Request-Id is not believed without a trusted proxy.
    expect(lines[1]!.requestId).toBe(me.headers.get('x-request-id'));
    expect(lines[1]!.userId).toBe(userId);
    expect(lines[2]!.userId).toBeNull();

    const everything = registry.logLines.join('');
    const sessionCookie = browser.cookies.get('keybridge_session')!;
    for (const secret of [password, sessionCookie, basicAuth('bob', password), 'secret-agent', 'pypi-secret', 'forged-id', 'no-such-project', 'correct horse']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('takes a well-formed incoming X-Request-Id behind a trusted proxy, and only then', async () => {
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase), { trustProxy: true });
    const taken = await fetch(`${registry.url}/healthz`, { headers: { 'x-request-id': 'proxy-1234.abc' } });
    expect(taken.headers.get('x-request-id')).toBe('proxy-1234.abc');
    const refused = await fetch(`${registry.url}/healthz`, { headers: { 'x-request-id': 'bad id "with" quotes' } });
    expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const lines = await accessLines(registry.logLines, 2);
    expect(lines.map((line) => [line.route, line.requestId])).toEqual([
      ['/healthz', 'proxy-1234.abc'],
      ['/healthz', refused.headers.get('x-request-id')],
    ]);
  });
});
