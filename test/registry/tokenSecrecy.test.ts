/*
 * An API token is shown once, in the answer that creates it, and nowhere else: not in any table of the database, not
 * in the logs, not in any other answer (body, status line or header). One registry is driven through the whole life
 * of tokens (creation with every kind of caveat, listing, uploads that succeed and every kind of refusal, a burst of
 * bad tokens up to the 429, disclosure of valid and invalid tokens, revocation), then everything it stored, logged and
 * answered is searched for every spelling of every token: the string, its body (after `kbr-`), and its macaroon
 * signature (the last 32 bytes of the macaroon, in hex and base64/base64url), which alone would let a token be rebuilt.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listEvents } from '../../packages/registry/src/events/listEvents.js';
import { decodeMacaroonV2, encodeMacaroonV2 } from '../../packages/registry/src/tokens/macaroonV2.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { sdistOf } from './distributions.js';
import { startRegistryForThisTest } from './startRegistryForThisTest.js';
import { testDatabases } from './testDatabases.js';
import { mintToken, revokeToken, signUp, type SignedInUser } from './tokenAccounts.js';
import { basicAuth, postUpload, twineBody, type UploadAnswer } from './uploadRequests.js';

/** One answer the test received through fetch, as text (the status line and every header included). */
interface Exchange {
  method: string;
  path: string;
  status: number;
  text: string;
}

/** Records every answer fetch gives this test (TestBrowser, postUpload and the test's own calls all use fetch). */
function recordAnswers(): Exchange[] {
  const exchanges: Exchange[] = [];
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await realFetch(input, init);
    const body = Buffer.from(await response.clone().arrayBuffer()).toString('latin1');
    const headers = [...response.headers, ...response.headers.getSetCookie().map((cookie) => ['set-cookie', cookie] as const)].map(([name, value]) => `${name}: ${value}`);
    const url = new URL(input instanceof Request ? input.url : input);
    exchanges.push({
      method: (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase(),
      path: url.pathname,
      status: response.status,
      text: [`${response.status} ${response.statusText}`, ...headers, '', body].join('\n'),
    });
    return response;
  });
  return exchanges;
}

/** Everything this process prints to stdout and stderr from now on (knex warnings, anything not sent to the registry's log). */
function recordPrinted(): string[] {
  const printed: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1'));
      return write(chunk, ...rest);
    }) as typeof stream.write);
  }
  return printed;
}

interface MintedToken {
  id: string;
  name: string;
  token: string;
  /** Every spelling of the token's secret that must not appear anywhere but in its creation answer. */
  spellings: string[];
}

function spellingsOf(token: string): string[] {
  const body = token.slice('kbr-'.length);
  const bytes = Buffer.from(body, 'base64url');
  const signature = bytes.subarray(-32);
  // The last 32 bytes are the signature (field type 6, length 32, then the bytes: the last field of a V2 macaroon).
  expect(signature.equals(decodeMacaroonV2(bytes).signature)).toBe(true);
  return [
    token,
    body,
    signature.toString('hex'),
    signature.toString('hex').toUpperCase(),
    signature.toString('base64url'),
    signature.toString('base64'),
    // The signature as spelled inside the token (its alignment there differs from the standalone encoding).
    body.slice(-43),
    // The HTTP Basic credential twine sends: an echoed Authorization header.
    Buffer.from(`__token__:${token}`).toString('base64'),
  ];
}

/** Where in `haystacks` (label → text) any of the tokens' spellings occurs: "label: token name (spelling n)". */
function findSpellings(tokens: readonly MintedToken[], haystacks: Iterable<[string, string]>): string[] {
  const found: string[] = [];
  for (const [label, text] of haystacks) {
    for (const token of tokens) {
      token.spellings.forEach((spelling, index) => {
        if (text.includes(spelling)) found.push(`${label}: ${token.name} (spelling ${index})`);
      });
    }
  }
  return found;
}

/** Every cell of every column of every table of the database, as texts (label "table.column#row"). */
async function dumpDatabase(db: Knex, kind: 'sqlite' | 'postgres'): Promise<{ tables: Map<string, string[]>; cells: Array<[string, string]> }> {
  const tables = new Map<string, string[]>();
  if (kind === 'sqlite') {
    const names = (await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) as Array<{ name: string }>;
    for (const { name } of names) {
      const columns = (await db.raw('SELECT name FROM pragma_table_info(?)', [name])) as Array<{ name: string }>;
      tables.set(name, columns.map((column) => column.name));
    }
  } else {
    const result = (await db.raw(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_catalog = current_database() AND table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
        ORDER BY table_schema, table_name`,
    )) as { rows: Array<{ table_schema: string; table_name: string }> };
    for (const { table_schema: schema, table_name: name } of result.rows) {
      const columns = (await db.raw('SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ? ORDER BY ordinal_position', [
        schema,
        name,
      ])) as { rows: Array<{ column_name: string }> };
      tables.set(schema === 'public' ? name : `${schema}.${name}`, columns.rows.map((column) => column.column_name));
    }
  }
  const cells: Array<[string, string]> = [];
  for (const [table, columns] of tables) {
    const [schema, name] = table.includes('.') ? table.split('.') : [null, table];
    const query = schema ? db.withSchema(schema).from(name!) : db.from(name!);
    const rows = (await query.select(columns)) as Array<Record<string, unknown>>;
    rows.forEach((row, index) => {
      for (const column of columns) {
        for (const text of cellTexts(row[column])) cells.push([`${table}.${column}#${index}`, text]);
      }
    });
  }
  return { tables, cells };
}

function cellTexts(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    const bytes = Buffer.from(value);
    return [bytes.toString('latin1'), bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')];
  }
  if (value instanceof Date) return [value.toISOString()];
  if (typeof value === 'object') return [JSON.stringify(value)];
  return [String(value)];
}

/** Every file under `dir` (the SQLite file and its WAL, stored distributions, the secret key file), as latin1 text. */
function filesUnder(dir: string): Array<[string, string]> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return [path, readFileSync(path).toString('latin1')];
    });
}

describe.each(testDatabases)('API token secrecy on $kind', (testDatabase) => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('shows each token only in its creation answer: never in the database, the logs, or any other answer', async () => {
    const exchanges = recordAnswers();
    const printed = recordPrinted();
    const database = await createDatabaseForThisTest(testDatabase);
    const clock = { now: Date.UTC(2026, 11, 4, 12, 0, 0) };
    // Behind a proxy (X-Forwarded-For), so that uploads come from the addresses the test chooses.
    const registry = await startRegistryForThisTest(database, { trustProxy: true }, { now: () => clock.now });
    const alice = await signUp(registry.url, 'alice');
    const bob = await signUp(registry.url, 'bob');

    const minted: MintedToken[] = [];
    const mint = async (user: SignedInUser, request: Record<string, unknown>): Promise<MintedToken> => {
      const created = await mintToken(user, request);
      const token = { id: created.id, name: String(request.name), token: created.token, spellings: spellingsOf(created.token) };
      minted.push(token);
      return token;
    };
    const defaultAddress = '198.51.100.1';
    let uploads = 0;
    const upload = (token: string, project: string, version: string, from = defaultAddress) => {
      uploads++;
      return postUpload(registry.url, basicAuth('__token__', token), twineBody(sdistOf(project, version)), { 'x-forwarded-for': from });
    };
    const refusal = (reason: string) => `Invalid API token: ${reason}. See ${registry.config.publicUrl}/help/#invalid-auth-token for more information.`;
    const expectAnswer = (answer: UploadAnswer, status: number, statusText?: string) =>
      expect([answer.status, answer.statusText], answer.body).toEqual([status, statusText ?? answer.statusText]);
    const disclose = async (body: unknown) =>
      (await fetch(new URL('/api/v1/tokens/disclose', registry.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status;
    const eventCount = async () => Number((await registry.db('events').count({ count: '*' }).first())?.count);

    // An account token creates alice's projects.
    const laptop = await mint(alice, { name: 'laptop' });
    expectAnswer(await upload(laptop.token, 'alpha', '1.0'), 200);
    expectAnswer(await upload(laptop.token, 'beta', '1.0'), 200);

    // Project tokens, expiry (ISO and unix seconds), source addresses (ranges and a bare address).
    const ciAlpha = await mint(alice, { name: 'ci-alpha', projects: ['Alpha'] });
    const release = await mint(alice, {
      name: 'release',
      projects: ['alpha', 'beta'],
      expiresAt: new Date(clock.now + 3600_000).toISOString(),
      sourceAddresses: ['203.0.113.0/24', '2001:db8::/32'],
    });
    const office = await mint(alice, { name: 'office', sourceAddresses: ['198.51.100.7'] });
    const old = await mint(alice, { name: 'old', expiresAt: Math.floor(clock.now / 1000) + 86_400 });
    const leaked = await mint(alice, { name: 'leaked', projects: ['beta'] });
    const bobs = await mint(bob, { name: 'bobs-laptop' });

    const listed = (await (await alice.browser.request('/api/v1/tokens')).json()) as { tokens: Array<{ id: string; name: string; works: boolean }> };
    expect(listed.tokens.map(({ name, works }) => [name, works])).toEqual([
      ['ci-alpha', true],
      ['laptop', true],
      ['leaked', true],
      ['office', true],
      ['old', true],
      ['release', true],
    ]);

    // A project token: its project only, and it never creates one.
    expectAnswer(await upload(ciAlpha.token, 'alpha', '1.1'), 200);
    expectAnswer(await upload(ciAlpha.token, 'beta', '1.1'), 403, refusal("token is scoped to project 'alpha', not 'beta'"));
    expectAnswer(await upload(ciAlpha.token, 'gamma', '1.0'), 403, refusal("token is scoped to project 'alpha', not 'gamma'"));

    // Tampered: its project caveat widened to beta (the signature kept), one character of the signature changed, truncated.
    const macaroon = decodeMacaroonV2(Buffer.from(ciAlpha.token.slice(4), 'base64url'));
    const widened = {
      ...macaroon,
      caveats: macaroon.caveats.map((caveat) => ({ ...caveat, identifier: Buffer.from(caveat.identifier.toString().replace('["alpha"]', '["beta"]')) })),
    };
    const widenedToken = `kbr-${encodeMacaroonV2(widened).toString('base64url')}`;
    expect(widenedToken).not.toBe(ciAlpha.token);
    expectAnswer(await upload(widenedToken, 'beta', '1.2'), 403, refusal('token is not valid'));
    const body = ciAlpha.token.slice(4);
    const at = body.length - 10;
    const flipped = `kbr-${body.slice(0, at)}${body[at] === 'A' ? 'B' : 'A'}${body.slice(at + 1)}`;
    expectAnswer(await upload(flipped, 'alpha', '1.2'), 403, refusal('token is not valid'));
    // Cut at a multiple of four characters (canonical base64url), before the signature's end.
    const truncated = `kbr-${body.slice(0, Math.floor(body.length / 4) * 4 - 20)}`;
    expectAnswer(await upload(truncated, 'alpha', '1.2'), 403, refusal('token is not a V2 macaroon'));

    // Source addresses and expiry.
    expectAnswer(await upload(release.token, 'alpha', '1.2', '203.0.113.5'), 200);
    expectAnswer(await upload(release.token, 'beta', '1.2', '203.0.113.6'), 200);
    expectAnswer(await upload(release.token, 'beta', '1.3', defaultAddress), 403, refusal('token not valid from this address'));
    expectAnswer(await upload(release.token, 'gamma', '1.0', '203.0.113.5'), 403, refusal("token is scoped to projects 'alpha', 'beta', not 'gamma'"));
    expectAnswer(await upload(office.token, 'alpha', '1.3', '198.51.100.7'), 200);
    expectAnswer(await upload(office.token, 'alpha', '1.4', '198.51.100.8'), 403, refusal('token not valid from this address'));

    // A valid token of another user: not a token refusal, a project refusal.
    const bobsAnswer = await upload(bobs.token, 'alpha', '9.0');
    expectAnswer(bobsAnswer, 403, `The user 'bob' isn't allowed to upload to project 'alpha'. See ${registry.config.publicUrl}/help/#project-name for more information.`);

    // Revocation.
    expectAnswer(await upload(old.token, 'alpha', '1.4'), 200);
    const revocation = await revokeToken(alice, old.id);
    expect(revocation.status).toBe(200);
    expectAnswer(await upload(old.token, 'alpha', '1.5'), 403, refusal('token was revoked'));
    expect((await revokeToken(alice, old.id)).status).toBe(404);

    // Disclosure: invalid strings (a tampered copy of a valid token among them) change nothing; a valid token is revoked.
    expectAnswer(await upload(leaked.token, 'beta', '1.4'), 200);
    const eventsBeforeInvalid = await eventCount();
    expect(await disclose([flipped, widenedToken, 'not a token', `kbr-${'A'.repeat(60)}`, { token: `${laptop.token}A`, url: 'https://example.org/x', source: 'content' }])).toBe(204);
    expect(await eventCount()).toBe(eventsBeforeInvalid);
    expectAnswer(await upload(ciAlpha.token, 'alpha', '1.5'), 200);
    expect(await disclose([{ token: leaked.token, type: 'keybridge_api_token', url: 'https://example.org/leak', source: 'content' }, old.token, 'not a token'])).toBe(204);
    expectAnswer(await upload(leaked.token, 'beta', '1.5'), 403, refusal('token was revoked'));
    // Disclosing it again (now revoked) changes nothing either.
    const eventsAfterDisclosure = await eventCount();
    expect(await disclose([leaked.token])).toBe(204);
    expect(await eventCount()).toBe(eventsAfterDisclosure);

    // Expiry: an hour later the release token is refused, and listed as expired.
    expectAnswer(await upload(release.token, 'alpha', '1.6', '203.0.113.5'), 200);
    clock.now += 3600_000;
    expectAnswer(await upload(release.token, 'alpha', '1.7', '203.0.113.5'), 403, refusal('token expired'));
    const relisted = (await (await alice.browser.request('/api/v1/tokens')).json()) as { tokens: Array<{ name: string; works: boolean; problems: string[] }> };
    expect(relisted.tokens.map(({ name, works, problems }) => [name, works, problems])).toEqual([
      ['ci-alpha', true, []],
      ['laptop', true, []],
      ['office', true, []],
      ['release', false, ['expired']],
    ]);

    // A burst of bad tokens (copies of a valid one, one character changed) from one address: 20 refusals, then 429
    // there, for good tokens too; other addresses are not affected.
    const burstAddress = '192.0.2.66';
    const laptopBody = laptop.token.slice(4);
    const burst: UploadAnswer[] = [];
    for (let attempt = 0; attempt < 21; attempt++) {
      const position = 5 + attempt * 6;
      const bad = `kbr-${laptopBody.slice(0, position)}${laptopBody[position] === 'x' ? 'y' : 'x'}${laptopBody.slice(position + 1)}`;
      burst.push(await upload(bad, 'alpha', '2.0', burstAddress));
    }
    expect(burst.slice(0, 20).map((answer) => answer.status)).toEqual(Array(20).fill(403));
    for (const answer of burst.slice(0, 20)) expect(answer.statusText).toMatch(/^Invalid API token: token (is not valid|is not a V2 macaroon|is not canonical base64url|carries a location \(keybridge tokens have none\))\. See /);
    expect(burst[20]!.status).toBe(429);
    const limited = await upload(laptop.token, 'alpha', '2.0', burstAddress);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expectAnswer(await upload(laptop.token, 'alpha', '2.0', '198.51.100.2'), 200);

    // The events: each kind there, for the right tokens, and the token id is all they say of a token.
    const events = await listEvents(registry.db);
    const tokenEvents = events.filter((event) => event.kind.startsWith('token.'));
    const nameOf = (tokenId: unknown) => minted.find((token) => token.id === tokenId)?.name ?? `unknown ${String(tokenId)}`;
    const described = (kind: string) => tokenEvents.filter((event) => event.kind === kind).map((event) => `${nameOf(event.details.tokenId)}@${event.ip}`);
    expect(described('token.created').sort()).toEqual(minted.map((token) => `${token.name}@127.0.0.1`).sort());
    expect(described('token.used_from_new_address').sort()).toEqual(
      [
        `laptop@${defaultAddress}`,
        'laptop@198.51.100.2',
        `ci-alpha@${defaultAddress}`,
        'release@203.0.113.5',
        'release@203.0.113.6',
        'office@198.51.100.7',
        `bobs-laptop@${defaultAddress}`,
        `old@${defaultAddress}`,
        `leaked@${defaultAddress}`,
      ].sort(),
    );
    expect(described('token.revoked')).toEqual(['old@127.0.0.1']);
    expect(described('token.disclosed')).toEqual([`leaked@127.0.0.1`]);
    expect(tokenEvents.find((event) => event.kind === 'token.disclosed')?.details).toEqual({ tokenId: leaked.id, name: 'leaked', url: 'https://example.org/leak', source: 'content' });
    expect(new Set(tokenEvents.map((event) => event.kind))).toEqual(new Set(['token.created', 'token.used_from_new_address', 'token.revoked', 'token.disclosed']));
    expect(findSpellings(minted, tokenEvents.map((event) => [`event ${event.id} ${event.kind}`, JSON.stringify(event)]))).toEqual([]);

    // Every table, every column: no token. (The scan does see what is there: every token's id.)
    const dump = await dumpDatabase(registry.db, database.kind);
    expect([...dump.tables.keys()]).toEqual(expect.arrayContaining(['api_tokens', 'api_token_addresses', 'events', 'users', 'sessions', 'rate_limit_buckets', 'projects', 'files']));
    expect(dump.tables.get('api_tokens')).toEqual(['id', 'user_id', 'name', 'caveats', 'created_at', 'expires_at', 'last_used_at', 'last_used_ip', 'revoked_at', 'revoked_reason']);
    for (const token of minted) expect(dump.cells.some(([label, text]) => label.startsWith('api_tokens.id#') && text === token.id)).toBe(true);
    expect(findSpellings(minted, dump.cells)).toEqual([]);
    // The files of the data directory too (for SQLite: the database file and its write-ahead log, free pages included).
    const files = filesUnder(database.dataDir);
    expect(files.length).toBeGreaterThan(0);
    expect(findSpellings(minted, files)).toEqual([]);

    // The logs: what the registry logged, and whatever this process printed.
    expect(findSpellings(minted, registry.loggedErrors.map((line, index) => [`log line ${index}`, line]))).toEqual([]);
    expect(findSpellings(minted, printed.map((text, index) => [`printed ${index}`, text]))).toEqual([]);

    // Every answer the test received, status lines and headers included, but each token's creation answer: none
    // holds a token. Each creation answer holds its own token, and no other.
    const isCreation = (exchange: Exchange) => exchange.method === 'POST' && exchange.path === '/api/v1/tokens' && exchange.status === 201;
    const creations = exchanges.filter(isCreation);
    expect(creations).toHaveLength(minted.length);
    creations.forEach((creation, index) => {
      expect(creation.text).toContain(minted[index]!.token);
      expect(findSpellings(minted.filter((_, other) => other !== index), [[`creation of ${minted[index]!.name}`, creation.text]])).toEqual([]);
    });
    const others = exchanges.filter((exchange) => !isCreation(exchange));
    // The recorder saw every answer: sign-ups, lists, uploads, revocations, disclosures.
    const requests = others.map((exchange) => `${exchange.method} ${exchange.path}`);
    const countOf = (request: string) => requests.filter((other) => other === request).length;
    expect(countOf('POST /legacy/')).toBe(uploads);
    expect(uploads).toBeGreaterThan(40);
    expect([countOf('POST /api/v1/accounts'), countOf('GET /api/v1/tokens'), countOf('POST /api/v1/tokens/disclose')]).toEqual([2, 2, 3]);
    expect(requests.filter((request) => request.startsWith('DELETE /api/v1/tokens/'))).toHaveLength(2);
    expect(others).toHaveLength(uploads + 2 + 2 + 3 + 2);
    expect(findSpellings(minted, others.map((exchange, index) => [`answer ${index} to ${exchange.method} ${exchange.path} (${exchange.status})`, exchange.text]))).toEqual([]);
  });
});
