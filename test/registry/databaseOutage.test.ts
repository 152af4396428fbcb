import { afterEach, describe, expect, it } from 'vitest';
import { createUser } from '../../packages/registry/src/accounts/createUser.js';
import { stalePageHeader } from '../../packages/registry/src/simple/readIndexPage.js';
import { rootIndexPageSize } from '../../packages/registry/src/simple/rootIndexPageSize.js';
import { findPostgresBinaries, PostgresCluster } from '../support/PostgresCluster.js';
import { sdistOf } from './distributions.js';
import { startTestRegistry } from './startTestRegistry.js';
import { postgresTestDatabase } from './testDatabases.js';
import { basicAuth, postUpload, twineBody } from './uploadRequests.js';

const password = 'correct horse battery';
const binDir = findPostgresBinaries();

// Needs a PostgreSQL server of its own to stop and start: declared only where Debian's binaries are (as the suites'
// shared cluster is), so that nothing is reported skipped.
(binDir === null ? () => undefined : describe)('the registry through a PostgreSQL outage', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A registry on a database of a PostgreSQL cluster of its own (to stop and start), all removed after the test. */
  async function startOnOwnCluster() {
    const cluster = new PostgresCluster(binDir!, 'keybridge-outage-');
    cleanups.push(() => cluster.destroy());
    await cluster.start();
    const database = await postgresTestDatabase(cluster.url()).create();
    cleanups.push(() => database.destroy());
    const registry = await startTestRegistry(database);
    cleanups.push(() => registry.close());
    return { cluster, registry };
  }

  it('answers 503 with Retry-After, serves the pages it cached, logs the outage and the recovery once each, and recovers', async () => {
    const { cluster, registry } = await startOnOwnCluster();
    await createUser(registry.db, { username: 'alice', password });
    const upload = (version: string) => postUpload(registry.url, basicAuth('alice', password), twineBody(sdistOf('outage-demo', version)));
    expect((await upload('1.0')).status).toBe(200);
    const get = (path: string) => fetch(new URL(path, registry.url), { redirect: 'manual' });

    // Cached before the outage: the project's Simple page and JSON document.
    const cachedPaths = ['/simple/outage-demo/', '/pypi/outage-demo/json'];
    const before = new Map<string, string>();
    for (const path of cachedPaths) {
      const answer = await get(path);
      expect(answer.status, path).toBe(200);
      before.set(path, await answer.text());
    }

    cluster.stop('fast');
    // The server's shutdown ends the listening connection: from then on nothing counts as current.
    await until(() => !registry.indexChanges.isCurrent());

    // Requests keep coming through the outage, longer than a reconnection attempt and a probe (1 s each) take.
    const outageEnds = Date.now() + 2500;
    let rounds = 0;
    while (rounds < 3 || Date.now() < outageEnds) {
      rounds++;
      for (const path of cachedPaths) {
        const answer = await get(path);
        expect([path, answer.status, answer.headers.get(stalePageHeader)]).toEqual([path, 200, 'database-unreachable']);
        expect(await answer.text()).toBe(before.get(path));
      }
      for (const path of ['/simple/never-cached/', '/pypi/never-cached/json', '/readyz']) {
        const answer = await get(path);
        expect([path, answer.status]).toEqual([path, 503]);
        if (path !== '/readyz') expect(answer.headers.get('retry-after'), path).toBe('5');
      }
      const login = await fetch(new URL('/api/v1/session', registry.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'alice', password }),
      });
      expect([login.status, login.headers.get('retry-after'), ((await login.json()) as { error: { code: string } }).error.code]).toEqual([503, '5', 'database_unavailable']);
      const refused = await upload('1.1');
      expect([refused.status, refused.headers.get('retry-after')]).toEqual([503, '5']);
    }

    await cluster.start();
    await until(async () => (await get('/readyz')).status === 200 && registry.indexChanges.isCurrent() && registry.databaseAvailability.reachable);
    expect((await upload('1.1')).status).toBe(200);
    const fresh = await get('/simple/outage-demo/');
    expect(fresh.headers.get(stalePageHeader)).toBeNull();
    expect(await fresh.text()).toContain('outage_demo-1.1.tar.gz');

    // One line when each part lost the database and one when it was back, however many requests failed in between.
    const lines = registry.loggedErrors;
    expect(lines.filter((line) => line.includes('the database is unreachable'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('the database is reachable again'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('listening for index changes'))).toHaveLength(2);
    expect(lines).toHaveLength(4);
  });

  it('answers a streamed /simple/ (more than one page of projects) 503 before its first byte, and 304 to its ETag from the cache', async () => {
    const { cluster, registry } = await startOnOwnCluster();
    const now = new Date();
    const rows = Array.from({ length: rootIndexPageSize + 1 }, (_, index) => ({ name: `p${index}`, normalized_name: `p${index}`, created_at: now }));
    for (let start = 0; start < rows.length; start += 500) await registry.db('projects').insert(rows.slice(start, start + 500));
    const get = (headers: Record<string, string> = {}) => fetch(new URL('/simple/', registry.url), { headers });
    const whole = await get();
    expect(whole.headers.get('content-length')).toBeNull();
    expect((await whole.text()).match(/<a href=/g)).toHaveLength(rows.length);
    const etag = whole.headers.get('etag')!;

    cluster.stop('fast');
    await until(() => !registry.indexChanges.isCurrent());
    const revalidated = await get({ 'if-none-match': etag });
    expect([revalidated.status, revalidated.headers.get(stalePageHeader)]).toEqual([304, 'database-unreachable']);
    const refused = await get();
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([503, '5']);
    expect(await refused.text()).not.toContain('<a href=');
    // An outage, not a failure of the request: the outage is logged once, no request as failed.
    expect(registry.loggedErrors.filter((line) => line.includes('/simple/')), registry.loggedErrors.join('\n')).toEqual([]);
    await cluster.start();
    await until(async () => (await get()).status === 200);
  });
});

/** Polls `condition` every 20 ms until it holds (at most 20 s: a server start on a loaded machine). */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
