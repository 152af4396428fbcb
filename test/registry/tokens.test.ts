import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSecretKey } from '../../packages/registry/src/config/loadSecretKey.js';
import { listEvents } from '../../packages/registry/src/events/listEvents.js';
import type { RunningRegistry } from '../../packages/registry/src/server/startRegistry.js';
import { apiTokenRootKey, deriveTokensKey } from '../../packages/registry/src/tokens/apiToken.js';
import { encodeMacaroonV2, macaroonSignature } from '../../packages/registry/src/tokens/macaroonV2.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { sdistOf, wheelOf } from './distributions.js';
import { startRegistryForThisTest } from './startRegistryForThisTest.js';
import { testDatabases } from './testDatabases.js';
import { mintToken, requestToken, revokeToken, signUp, tokenTestPassword, type SignedInUser } from './tokenAccounts.js';
import { basicAuth, postUpload, twineBody, type UploadAnswer } from './uploadRequests.js';

describe.each(testDatabases)('API tokens on $kind', (testDatabase) => {
  /** A registry whose clock the test moves (epoch ms), with alice signed up. */
  async function start(overrides: Parameters<typeof startRegistryForThisTest>[1] = {}) {
    const clock = { now: Date.UTC(2026, 11, 4, 12, 0, 0) };
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase), overrides, { now: () => clock.now });
    const alice = await signUp(registry.url, 'alice');
    return { registry, clock, alice };
  }
  const uploadWith = (registry: RunningRegistry, token: string, name: string, version = '1.0') =>
    postUpload(registry.url, basicAuth('__token__', token), twineBody(sdistOf(name, version)));
  const expectAnswer = (answer: UploadAnswer, status: number, statusText?: string) => {
    expect([answer.status, answer.statusText]).toEqual([status, statusText ?? answer.statusText]);
  };

  it('mints an account token once, uploads with it as its user, lists it without the token', async () => {
    const { registry, alice } = await start();
    const response = await requestToken(alice, { name: 'laptop' });
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const created = (await response.json()) as { id: string; token: string; name: string; scope: unknown; caveats: string[] };
    expect(created.token).toMatch(/^kbr-[A-Za-z0-9_-]+$/);
    expect(created).toMatchObject({ name: 'laptop', scope: { kind: 'account' }, caveats: [`only as user id ${alice.id}`, 'only to upload'] });

    const uploaded = await uploadWith(registry, created.token, 'tokenpkg');
    expectAnswer(uploaded, 200);
    expect(await registry.db('roles').select('user_id', 'role')).toEqual([{ user_id: alice.id, role: 'owner' }]);

    const listed = (await (await alice.browser.request('/api/v1/tokens')).json()) as { tokens: Array<Record<string, unknown>> };
    expect(listed.tokens).toHaveLength(1);
    expect(listed.tokens[0]).toMatchObject({ id: created.id, name: 'laptop', works: true, problems: [], lastUsed: { ip: '127.0.0.1' } });
    expect(JSON.stringify(listed)).not.toContain(created.token.slice(4, 40));

    const kinds = (await listEvents(registry.db, { userId: alice.id })).map((event) => event.kind);
    expect(kinds).toEqual(['account.signup', 'token.created', 'token.used_from_new_address', 'project.created', 'release.created', 'file.uploaded']);
    const fileEvent = (await listEvents(registry.db, { kind: 'file.uploaded' }))[0]!;
    expect(fileEvent.details.tokenId).toBe(created.id);
  });

  it('limits a project token to its project, with the reason in the status line', async () => {
    const { registry, alice } = await start();
    const password = await postUpload(registry.url, basicAuth('alice', tokenTestPassword), twineBody(sdistOf('first', '1.0')));
    expectAnswer(password, 200);
    expectAnswer(await postUpload(registry.url, basicAuth('alice', tokenTestPassword), twineBody(sdistOf('second', '1.0'))), 200);
    const { token } = await mintToken(alice, { name: 'ci', projects: ['First'] });
    expectAnswer(await uploadWith(registry, token, 'first', '2.0'), 200);
    const other = await uploadWith(registry, token, 'second', '2.0');
    expectAnswer(other, 403, `Invalid API token: token is scoped to project 'first', not 'second'. See ${registry.config.publicUrl}/help/#invalid-auth-token for more information.`);
    // A project token cannot create a project either.
    expectAnswer(await uploadWith(registry, token, 'brand-new'), 403);
    expect(await registry.db('projects').where('normalized_name', 'brand-new').first()).toBeUndefined();
  });

  it("says a project token stopped working once its user no longer maintains the project, and refuses it", async () => {
    const { registry, alice } = await start();
    const bob = await signUp(registry.url, 'bob');
    expectAnswer(await postUpload(registry.url, basicAuth('alice', tokenTestPassword), twineBody(sdistOf('shared', '1.0'))), 200);
    const { token } = await mintToken(alice, { name: 'ci', projects: ['shared'] });
    const collaborators = (user: SignedInUser, method: string, json: unknown) =>
      user.browser.request('/api/v1/projects/shared/collaborators', { method, json, headers: { 'x-csrf-token': user.csrfToken } });
    expect((await collaborators(alice, 'POST', { username: 'bob', role: 'owner' })).status).toBe(201);
    expect((await collaborators(bob, 'DELETE', { username: 'alice' })).status).toBe(200);
    const listed = (await (await alice.browser.request('/api/v1/tokens')).json()) as { tokens: Array<{ works: boolean; problems: string[]; scope: unknown }> };
    expect(listed.tokens[0]).toMatchObject({ works: false, problems: ["you no longer maintain project 'shared'"], scope: { kind: 'projects', projects: ['shared'] } });
    const refused = await uploadWith(registry, token, 'shared', '2.0');
    expect([refused.status, refused.statusText]).toEqual([403, `The user 'alice' isn't allowed to upload to project 'shared'. See ${registry.config.publicUrl}/help/#project-name for more information.`]);
  });

  it('refuses revoked, expired, not-yet-valid, tampered and truncated tokens, and never echoes them', async () => {
    const { registry, clock, alice } = await start();
    const revoked = await mintToken(alice, { name: 'revoked' });
    expect((await revokeToken(alice, revoked.id)).status).toBe(200);
    const revokedAnswer = await uploadWith(registry, revoked.token, 'p');
    expectAnswer(revokedAnswer, 403, `Invalid API token: token was revoked. See ${registry.config.publicUrl}/help/#invalid-auth-token for more information.`);
    expect((await revokeToken(alice, revoked.id)).status).toBe(404);

    const expiring = await mintToken(alice, { name: 'expiring', expiresAt: Math.floor(clock.now / 1000) + 3600 });
    // Minted now: creating tokens needs sudo mode, which an hour later has lapsed.
    const good = await mintToken(alice, { name: 'good' });
    clock.now += 3600 * 1000 - 1000;
    expectAnswer(await uploadWith(registry, expiring.token, 'p'), 200);
    clock.now += 1000;
    const expired = await uploadWith(registry, expiring.token, 'p', '2.0');
    expect(expired.statusText).toBe(`Invalid API token: token expired. See ${registry.config.publicUrl}/help/#invalid-auth-token for more information.`);
    const listed = (await (await alice.browser.request('/api/v1/tokens')).json()) as { tokens: Array<{ name: string; works: boolean; problems: string[] }> };
    expect(listed.tokens.map(({ name, works, problems }) => ({ name, works, problems }))).toEqual([
      { name: 'expiring', works: false, problems: ['expired'] },
      { name: 'good', works: true, problems: [] },
    ]);

    const body = good.token.slice(4);
    const flipped = `kbr-${body.slice(0, 20)}${body[20] === 'A' ? 'B' : 'A'}${body.slice(21)}`;
    const truncated = good.token.slice(0, -5);
    for (const bad of [flipped, truncated, `${good.token}A`, good.token.replace('kbr-', 'pypi-')]) {
      const answer = await uploadWith(registry, bad, 'p', '3.0');
      expect(answer.status).toBe(403);
      expect(answer.statusText).toMatch(/^Invalid API token: token (is not valid|is malformed|is not a V2 macaroon|is not canonical base64url|does not start with 'kbr-'|carries a location \(keybridge tokens have none\))\./);
      expect(answer.statusText + answer.body).not.toContain(body.slice(10, 30));
    }
    expectAnswer(await uploadWith(registry, good.token, 'p', '3.0'), 200);
  });

  it('limits a token to source addresses: 127.0.0.2 is refused by 127.0.0.1/32 and accepted by 127.0.0.0/8', async () => {
    const { registry, alice } = await start();
    const narrow = await mintToken(alice, { name: 'narrow', sourceAddresses: ['127.0.0.1/32'] });
    const wide = await mintToken(alice, { name: 'wide', sourceAddresses: ['127.0.0.0/8', '::1/128'] });
    const fromSecondAddress = (token: string, version: string) => uploadFrom(registry.url, '127.0.0.2', basicAuth('__token__', token), twineBody(sdistOf('addr', version)));
    const refused = await fromSecondAddress(narrow.token, '1.0');
    expect([refused.status, refused.statusText]).toEqual([403, `Invalid API token: token not valid from this address. See ${registry.config.publicUrl}/help/#invalid-auth-token for more information.`]);
    expect((await fromSecondAddress(wide.token, '1.0')).status).toBe(200);
    expect((await uploadWith(registry, narrow.token, 'addr', '2.0')).status).toBe(200);
    const events = await listEvents(registry.db, { kind: 'token.used_from_new_address' });
    expect(events.map((event) => [event.ip, event.details.tokenId])).toEqual([
      ['127.0.0.2', wide.id],
      ['127.0.0.1', narrow.id],
    ]);
  });

  it('checks token requests: names, projects the user can upload to, expiry, CIDR, the operator maximum', async () => {
    const { registry, alice } = await start({ tokenMaxLifetimeDays: 30 });
    const bob = await signUp(registry.url, 'bob');
    expectAnswer(await postUpload(registry.url, basicAuth('bob', tokenTestPassword), twineBody(sdistOf('bobs', '1.0'))), 200);
    const errorOf = async (user: SignedInUser, request: Record<string, unknown>) => {
      const response = await requestToken(user, request);
      return [response.status, ((await response.json()) as { error: { code: string } }).error.code];
    };
    expect(await errorOf(alice, {})).toEqual([400, 'invalid_name']);
    expect(await errorOf(alice, { name: 'x'.repeat(101) })).toEqual([400, 'invalid_name']);
    expect(await errorOf(alice, { name: 'p', projects: ['bobs'] })).toEqual([403, 'not_allowed']);
    expect(await errorOf(alice, { name: 'p', projects: ['nothing-here'] })).toEqual([400, 'project_not_found']);
    expect(await errorOf(alice, { name: 'p', projects: [] })).toEqual([400, 'invalid_projects']);
    expect(await errorOf(alice, { name: 'p', expiresAt: '2020-01-01T00:00:00Z' })).toEqual([400, 'invalid_expiry']);
    expect(await errorOf(alice, { name: 'p', expiresAt: '2027-12-01T00:00:00Z' })).toEqual([400, 'invalid_expiry']);
    expect(await errorOf(alice, { name: 'p', expiresAt: 'tomorrow' })).toEqual([400, 'invalid_expiry']);
    expect(await errorOf(alice, { name: 'p', sourceAddresses: ['10.0.0.0/33'] })).toEqual([400, 'invalid_source_addresses']);
    expect(await errorOf(alice, { name: 'p', sourceAddresses: ['example.org'] })).toEqual([400, 'invalid_source_addresses']);
    // Under the operator's maximum, a token without an expiry gets the longest one allowed.
    const capped = (await (await requestToken(alice, { name: 'capped', sourceAddresses: ['192.0.2.1'] })).json()) as { expiresAt: string; caveats: string[] };
    expect(capped.expiresAt).toBe('2027-01-03T12:00:00.000Z');
    expect(capped.caveats).toContain('only from 192.0.2.1/32');
    expect(await errorOf(alice, { name: 'capped' })).toEqual([409, 'token_name_taken']);
    // Without the CSRF header a session cannot mint.
    const noCsrf = await alice.browser.request('/api/v1/tokens', { method: 'POST', json: { name: 'sneaky' } });
    expect(noCsrf.status).toBe(403);
    // Revoking frees the name; another user's token cannot be revoked.
    const bobs = await mintToken(bob, { name: 'capped' });
    expect((await revokeToken(alice, bobs.id)).status).toBe(404);
  });

  it('revokes disclosed tokens and answers the same, byte for byte, whatever it was sent', async () => {
    const { registry, alice } = await start();
    const leaked = await mintToken(alice, { name: 'leaked' });
    const disclose = async (body: unknown) => {
      const response = await fetch(new URL('/api/v1/tokens/disclose', registry.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const headers = [...response.headers].filter(([name]) => name !== 'date' && name !== 'x-request-id');
      return { status: response.status, body: await response.text(), headers };
    };
    const eventsBefore = await registry.db('events').count({ count: '*' });
    const invalid = await disclose([{ token: `${leaked.token.slice(0, -3)}AAA`, type: 'keybridge_api_token', url: 'https://example.org/leak', source: 'content' }]);
    expect(await registry.db('events').count({ count: '*' })).toEqual(eventsBefore);
    const valid = await disclose([{ token: leaked.token, type: 'keybridge_api_token', url: 'https://example.org/leak', source: 'content' }]);
    expect(valid).toEqual(invalid);
    expect(valid.status).toBe(204);
    const refused = await uploadWith(registry, leaked.token, 'p');
    expect(refused.statusText).toMatch(/^Invalid API token: token was revoked\./);
    const [event] = await listEvents(registry.db, { kind: 'token.disclosed' });
    expect(event).toMatchObject({ userId: alice.id, details: { tokenId: leaked.id, name: 'leaked', url: 'https://example.org/leak', source: 'content' } });
    expect((await disclose(['not a token', leaked.token])).status).toBe(204);
    expect((await disclose({ token: 'x' })).status).toBe(400);
  });

  it('limits bad tokens per address (429), without touching the password-login limit or argon2', async () => {
    const { registry, alice } = await start();
    const { token } = await mintToken(alice, { name: 'good' });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 21; attempt++) statuses.push((await uploadWith(registry, `kbr-${'A'.repeat(40 + attempt)}`, 'p')).status);
    expect(statuses.slice(0, 20).every((status) => status === 403)).toBe(true);
    expect(statuses[20]).toBe(429);
    const limited = await uploadWith(registry, token, 'p');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    // The password path is untouched: no login bucket was counted.
    const buckets = (await registry.db('rate_limit_buckets').select('bucket_key')) as Array<{ bucket_key: string }>;
    expect(buckets.map((bucket) => bucket.bucket_key)).toEqual(['token:ip:127.0.0.1']);
    expect((await postUpload(registry.url, basicAuth('alice', tokenTestPassword), twineBody(wheelOf('p', '1.0')))).status).toBe(200);
  });
});

describe('API tokens: hostile input over HTTP', () => {
  it('answers random, mutated, V1, huge and deeply nested tokens with a clean 403 (429 past the limit), never a 5xx or a hang', async () => {
    const clock = { now: Date.UTC(2026, 11, 4, 12, 0, 0) };
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabases[0]!), {}, { now: () => clock.now });
    const alice = await signUp(registry.url, 'alice');
    const { id, token } = await mintToken(alice, { name: 'real' });
    // With the server's own key, the test can sign tokens whose caveats no client could: the caveat checks see them.
    const tokensKey = deriveTokensKey(loadSecretKey(registry.config.secretKeyFile));
    const signed = (caveatTexts: string[]) => {
      const ids = caveatTexts.map((text) => Buffer.from(text));
      const signature = macaroonSignature(apiTokenRootKey(tokensKey, id), Buffer.from(id), ids);
      return `kbr-${encodeMacaroonV2({ location: '', identifier: Buffer.from(id), caveats: ids.map((cid) => ({ identifier: cid, location: null, verificationId: null })), signature }).toString('base64url')}`;
    };
    const body = token.slice(4);
    const candidates = fc.sample(
      fc.oneof(
        fc
          .tuple(fc.nat(body.length - 1), fc.constantFrom('A', 'z', '-', '_', '0'))
          .filter(([index, char]) => body[index] !== char)
          .map(([index, char]) => `kbr-${body.slice(0, index)}${char}${body.slice(index + 1)}`),
        fc.nat(token.length - 1).map((length) => token.slice(0, length)),
        fc.string({ maxLength: 200 }).map((text) => `kbr-${Buffer.from(`0010location ${text}\n`).toString('base64url')}`),
        fc.string({ maxLength: 200 }).filter((text) => !/[\r\n]/.test(text)),
        fc.nat({ max: 6000 }).map((depth) => signed([`${'['.repeat(depth)}${']'.repeat(depth)}`])),
        fc.nat({ max: 70 }).map((count) => signed(Array.from({ length: count }, () => '[101,["upload"]]').concat('[99,"x"]'))),
        fc.nat({ max: 3000 }).map((count) => signed([`[1,[${Array.from({ length: count }, () => '"a"').join(',')}]]`])),
      ),
      { numRuns: 150, seed: 4242 },
    );
    const statuses = new Map<number, number>();
    for (const [index, candidate] of candidates.entries()) {
      // A new rate-limit window every 15 requests, so the refusals are the token checks' own.
      if (index % 15 === 0) clock.now += 5 * 60 * 1000;
      const answer = await postUpload(registry.url, basicAuth('__token__', candidate), twineBody(sdistOf('p', '1.0')), {});
      expect([403, 429, 431], `${answer.status} ${answer.statusText}`).toContain(answer.status);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    }
    expect(statuses.get(403)).toBeGreaterThan(100);
    expect(await registry.db('files').count({ count: '*' })).toEqual([{ count: 0 }]);
  });
});

/** POSTs an upload from the local address `localAddress` (a second loopback address: 127.0.0.2). */
function uploadFrom(baseUrl: string, localAddress: string, authorization: string, form: { body: Buffer; contentType: string }): Promise<{ status: number; statusText: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL('/legacy/', baseUrl);
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress, headers: { 'content-type': form.contentType, 'content-length': String(form.body.length), authorization } },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '' }));
      },
    );
    req.on('error', reject);
    req.end(form.body);
  });
}
