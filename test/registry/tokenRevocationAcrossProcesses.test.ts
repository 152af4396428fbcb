/*
 * Revoking an API token holds at once for every registry process on the database: each token use reads the token's
 * row, so no process may keep accepting a token another one revoked (by its owner, or through a disclosure report).
 * Two `keybridge-registry serve` processes share one database and one data directory (hence one secret key: a token
 * minted by one is checked by the other).
 */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../packages/registry/src/db/openDatabase.js';
import { listEvents } from '../../packages/registry/src/events/listEvents.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { sdistOf } from './distributions.js';
import { serveRegistryProcessForThisTest } from './serveRegistryProcessForThisTest.js';
import { TestBrowser } from './TestBrowser.js';
import { testDatabases } from './testDatabases.js';
import { mintToken, revokeToken, signUp } from './tokenAccounts.js';
import { basicAuth, postUpload, twineBody } from './uploadRequests.js';

/** The ways a token could show up in output: the string, its body, its signature (hex, base64url), its Basic credential. */
function tokenSpellings(token: string): string[] {
  const body = token.slice('kbr-'.length);
  const signature = Buffer.from(body, 'base64url').subarray(-32);
  return [token, body, signature.toString('hex'), signature.toString('base64url'), Buffer.from(`__token__:${token}`).toString('base64')];
}

describe.each(testDatabases)('token revocation across two processes on $kind', (testDatabase) => {
  it('a token revoked or disclosed through one process is refused by the other on its very next request', async () => {
    const database = await createDatabaseForThisTest(testDatabase);
    const processA = serveRegistryProcessForThisTest(database);
    const processB = serveRegistryProcessForThisTest(database);
    const [urlA, urlB] = await Promise.all([processA.listening(), processB.listening()]);
    expect(urlA).not.toBe(urlB);
    const uploadThrough = (url: string, token: string, version: string) => postUpload(url, basicAuth('__token__', token), twineBody(sdistOf('across', version)));
    const refusal = (url: string, reason: string) => `Invalid API token: ${reason}. See ${url.replace('127.0.0.1', 'localhost')}/help/#invalid-auth-token for more information.`;

    // Signed up and minted through A; B checks the token with the same secret key.
    const alice = await signUp(urlA, 'alice');
    const revoked = await mintToken(alice, { name: 'revoked-through-a' });
    const first = await uploadThrough(urlB, revoked.token, '1.0');
    expect([first.status, first.body]).toEqual([200, 'Uploaded across-1.0.tar.gz\n']);

    // Revoked through A: B's next request with it is refused.
    const revocation = await revokeToken(alice, revoked.id);
    expect(revocation.status).toBe(200);
    expect(await revocation.json()).toEqual({ id: revoked.id, name: 'revoked-through-a', outcome: 'revoked' });
    const afterRevocation = await uploadThrough(urlB, revoked.token, '1.1');
    expect([afterRevocation.status, afterRevocation.statusText]).toEqual([403, refusal(urlB, 'token was revoked')]);
    // B's management API sees the revocation too (the session and its CSRF token work on B: same database, same key).
    const aliceOnB = new TestBrowser(urlB);
    for (const [name, value] of alice.browser.cookies) aliceOnB.cookies.set(name, value);
    const listedOnB = (await (await aliceOnB.request('/api/v1/tokens')).json()) as { tokens: unknown[] };
    expect(listedOnB).toEqual({ tokens: [] });
    const againOnB = await aliceOnB.request(`/api/v1/tokens/${revoked.id}`, { method: 'DELETE', headers: { 'x-csrf-token': alice.csrfToken } });
    expect(againOnB.status).toBe(404);

    // Minted through A and used through A; disclosed through B: A's next request with it is refused.
    const disclosed = await mintToken(alice, { name: 'disclosed-through-b' });
    const beforeDisclosure = await uploadThrough(urlA, disclosed.token, '2.0');
    expect(beforeDisclosure.status).toBe(200);
    const report = await fetch(`${urlB}/api/v1/tokens/disclose`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ token: disclosed.token, type: 'keybridge_api_token', url: 'https://example.org/leak', source: 'content' }]),
    });
    expect([report.status, await report.text()]).toEqual([204, '']);
    const afterDisclosure = await uploadThrough(urlA, disclosed.token, '2.1');
    expect([afterDisclosure.status, afterDisclosure.statusText]).toEqual([403, refusal(urlA, 'token was revoked')]);
    // Through B as well, and the first token stays refused through A.
    expect((await uploadThrough(urlB, disclosed.token, '2.1')).status).toBe(403);
    expect((await uploadThrough(urlA, revoked.token, '2.1')).statusText).toBe(refusal(urlA, 'token was revoked'));

    const db = openDatabase({ databaseUrl: database.databaseUrl });
    try {
      const rows = (await db('api_tokens').select('id', 'revoked_reason').orderBy('created_at', 'asc')) as Array<{ id: string; revoked_reason: string | null }>;
      expect(rows).toEqual([
        { id: revoked.id, revoked_reason: 'revoked' },
        { id: disclosed.id, revoked_reason: 'disclosed' },
      ]);
      const events = (await listEvents(db)).filter((event) => event.kind.startsWith('token.'));
      expect(events.map((event) => [event.kind, event.details.tokenId])).toEqual([
        ['token.created', revoked.id],
        ['token.used_from_new_address', revoked.id],
        ['token.revoked', revoked.id],
        ['token.created', disclosed.id],
        ['token.used_from_new_address', disclosed.id],
        ['token.disclosed', disclosed.id],
      ]);
      expect((await db('files').select('filename').orderBy('filename')).map((file: { filename: string }) => file.filename)).toEqual(['across-1.0.tar.gz', 'across-2.0.tar.gz']);
    } finally {
      await db.destroy();
    }

    // Stopped cleanly, so that everything they wrote has been read: neither process printed a token, or anything else.
    processA.child.kill('SIGTERM');
    processB.child.kill('SIGTERM');
    expect(await Promise.all([processA.exit, processB.exit])).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    for (const [started, url] of [
      [processA, urlA],
      [processB, urlB],
    ] as const) {
      const output = started.stdout() + started.stderr();
      for (const spelling of [...tokenSpellings(revoked.token), ...tokenSpellings(disclosed.token)]) expect(output).not.toContain(spelling);
      // After the listening line, only the structured log: one JSON access line per request.
      const [listeningLine, ...logLines] = started.stdout().split('\n').filter((line) => line !== '');
      expect(listeningLine).toBe(`keybridge-registry: listening on ${url}`);
      expect(logLines.length).toBeGreaterThan(0);
      for (const line of logLines) expect(JSON.parse(line)).toMatchObject({ kind: 'access' });
      expect(started.stderr()).toBe('');
    }
  }, 60_000);
});
