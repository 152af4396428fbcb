import { afterEach, describe, expect, it } from 'vitest';
import { createUser } from '../../packages/registry/src/accounts/createUser.js';
import type { RunningRegistry } from '../../packages/registry/src/server/startRegistry.js';
import { sdistOf, wheelOf } from './distributions.js';
import { insertPackageRows } from './insertPackageRows.js';
import { startTestRegistry } from './startTestRegistry.js';
import { testDatabases, type FreshDatabase } from './testDatabases.js';
import { basicAuth, postUpload, twineBody } from './uploadRequests.js';

const password = 'correct horse battery';
const json = 'application/vnd.pypi.simple.v1+json';

interface ProjectJson {
  files: Array<{ filename: string }>;
}

describe.each(testDatabases)('the Simple API page cache across processes on $kind', (testDatabase) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Two registries (A and B) serving one database and one storage directory, with the user alice. */
  async function startTwo() {
    const database: FreshDatabase = await testDatabase.create();
    cleanups.push(() => database.destroy());
    const start = async () => {
      const registry = await startTestRegistry(database);
      cleanups.push(async () => {
        await registry.close();
        expect(registry.loggedErrors).toEqual([]);
      });
      return registry;
    };
    const a = await start();
    const b = await start();
    await createUser(a.db, { username: 'alice', password });
    return { a, b };
  }

  const get = (registry: RunningRegistry, path: string, headers: Record<string, string> = {}) => fetch(new URL(path, registry.url), { headers });
  const filenames = async (registry: RunningRegistry, project: string) => {
    const response = await get(registry, `/simple/${project}/`, { accept: json });
    if (response.status !== 200) return response.status;
    return ((await response.json()) as ProjectJson).files.map((file) => file.filename);
  };
  const rootNames = async (registry: RunningRegistry) => {
    const page = await (await get(registry, '/simple/')).text();
    return [...page.matchAll(/<a href="[^"]+">([^<]+)<\/a>/g)].map((match) => match[1]);
  };
  /** Counts the database queries `registry` makes while `action` runs. */
  const countQueries = async (registry: RunningRegistry, action: () => Promise<void>) => {
    let queries = 0;
    const count = () => queries++;
    registry.db.on('query', count);
    try {
      await action();
    } finally {
      registry.db.off('query', count);
    }
    return queries;
  };

  it('shows an upload through A in the very next page B serves, after B cached the pages before it', async () => {
    const { a, b } = await startTwo();
    const upload = async (distribution: ReturnType<typeof sdistOf>) => {
      const answer = await postUpload(a.url, basicAuth('alice', password), twineBody(distribution));
      expect(answer.status, `${answer.status} ${answer.statusText}`).toBe(200);
    };

    // B caches the root and the project's absence (twice each: the second answer is a hit).
    for (let round = 0; round < 2; round++) {
      expect(await filenames(b, 'cached-project')).toBe(404);
      expect(await rootNames(b)).toEqual([]);
    }
    await upload(sdistOf('cached_project', '1.0'));
    expect(await filenames(b, 'cached-project')).toEqual(['cached_project-1.0.tar.gz']);
    expect(await rootNames(b)).toEqual(['cached-project']);

    // Again with the project's page cached in B (and in A) in every format.
    for (const registry of [a, b, b]) {
      expect(await filenames(registry, 'cached-project')).toEqual(['cached_project-1.0.tar.gz']);
      expect(await (await get(registry, '/simple/cached-project/')).text()).not.toContain('cached_project-1.1');
    }
    const servedBefore = await (await get(b, '/simple/', { accept: json })).json();
    await upload(wheelOf('cached_project', '1.1'));
    expect(await filenames(b, 'cached-project')).toEqual(['cached_project-1.0.tar.gz', 'cached_project-1.1-py3-none-any.whl']);
    expect(await (await get(b, '/simple/cached-project/')).text()).toContain('cached_project-1.1-py3-none-any.whl');
    const servedAfter = (await (await get(b, '/simple/', { accept: json })).json()) as { meta: { '_last-serial': number } };
    expect(servedAfter.meta['_last-serial']).toBeGreaterThan((servedBefore as typeof servedAfter).meta['_last-serial']);
    expect(await filenames(a, 'cached-project')).toEqual(['cached_project-1.0.tar.gz', 'cached_project-1.1-py3-none-any.whl']);

    // A second project through B's own upload path shows in A's root at once.
    const answer = await postUpload(b.url, basicAuth('alice', password), twineBody(sdistOf('second', '0.1')));
    expect(answer.status).toBe(200);
    expect(await rootNames(a)).toEqual(['cached-project', 'second']);
  });

  it('serves cache hits without a database query, with the same bytes and ETag', async () => {
    const { a, b } = await startTwo();
    await insertPackageRows(a, { project: 'Hit_Me', version: '1.0', filename: 'hit_me-1.0.tar.gz', content: 'sdist' });
    for (const [path, accept] of [['/simple/hit-me/', json], ['/simple/hit-me/', 'text/html'], ['/simple/', json], ['/simple/', 'application/vnd.pypi.simple.v1+html']] as const) {
      const first = await get(b, path, { accept });
      const firstBody = Buffer.from(await first.arrayBuffer());
      let again: Response | undefined;
      const queries = await countQueries(b, async () => {
        again = await get(b, path, { accept });
      });
      expect(queries, `${path} ${accept}`).toBe(0);
      expect(again!.status).toBe(200);
      expect(Buffer.from(await again!.arrayBuffer()).equals(firstBody)).toBe(true);
      for (const header of ['etag', 'content-type', 'x-pypi-last-serial', 'vary', 'cache-control', 'content-length']) {
        expect(again!.headers.get(header), header).toBe(first.headers.get(header));
      }
      const etag = first.headers.get('etag')!;
      const notModified = await get(b, path, { accept, 'if-none-match': etag });
      expect(notModified.status).toBe(304);
      expect(await notModified.text()).toBe('');
      // The same page from A, which read it from the database itself.
      expect((await get(a, path, { accept })).headers.get('etag')).toBe(etag);
    }
  });

  it('keeps JSON API documents too: hits make no query, other spellings redirect from the cache, an upload through A shows in B at once', async () => {
    const { a, b } = await startTwo();
    expect((await postUpload(a.url, basicAuth('alice', password), twineBody(sdistOf('json_cached', '1.0')))).status).toBe(200);
    const documentOf = async (registry: RunningRegistry, path: string) => {
      const response = await fetch(new URL(path, registry.url), { redirect: 'manual' });
      expect(response.status, path).toBe(200);
      return { etag: response.headers.get('etag'), body: (await response.json()) as { info: { version: string }; urls: Array<{ filename: string }> } };
    };
    for (const path of ['/pypi/json-cached/json', '/pypi/json-cached/1.0/json']) {
      const first = await documentOf(b, path);
      let again: Awaited<ReturnType<typeof documentOf>> | undefined;
      expect(await countQueries(b, async () => void (again = await documentOf(b, path))), path).toBe(0);
      expect(again).toEqual(first);
      // Another spelling of the name (and of the version) is redirected from the cached page, with no query either.
      const other = path.replace('json-cached', 'Json_Cached').replace('1.0', '1.00');
      let redirect: Response | undefined;
      expect(await countQueries(b, async () => void (redirect = await fetch(new URL(other, b.url), { redirect: 'manual' }))), other).toBe(0);
      expect([redirect!.status, new URL(redirect!.headers.get('location')!, new URL(other, b.url)).pathname]).toEqual([301, path]);
    }
    // A 404 is kept as well.
    for (let round = 0; round < 2; round++) expect((await get(b, '/pypi/json-later/json')).status).toBe(404);
    expect(await countQueries(b, async () => void (await get(b, '/pypi/json-later/json')))).toBe(0);

    const upload = await postUpload(a.url, basicAuth('alice', password), twineBody(wheelOf('json_cached', '1.1')));
    expect(upload.status).toBe(200);
    const latest = await documentOf(b, '/pypi/json-cached/json');
    expect(latest.body.info.version).toBe('1.1');
    expect(latest.body.urls.map((file) => file.filename)).toEqual(['json_cached-1.1-py3-none-any.whl']);
    expect((await documentOf(b, '/pypi/json-cached/1.0/json')).body.urls.map((file) => file.filename)).toEqual(['json_cached-1.0.tar.gz']);
    await insertPackageRows(a, { project: 'json-later', version: '0.1', filename: 'json_later-0.1.tar.gz', content: 'later' });
    expect((await get(b, '/pypi/json-later/json')).status).toBe(200);
  });

  // PostgreSQL only (SQLite has no connection to lose); declared only there, so that nothing is reported skipped.
  const onPostgres = testDatabase.kind === 'postgres' ? it : () => undefined;
  onPostgres('serves from the database while the listening connection is down, and caches again once it is back', async () => {
    const { a, b } = await startTwo();
    await insertPackageRows(a, { project: 'listened', version: '1.0', filename: 'listened-1.0.tar.gz', content: 'one' });
    expect(await filenames(b, 'listened')).toEqual(['listened-1.0.tar.gz']);
    const terminated = (await a.db.raw("select pg_terminate_backend(pid) as done from pg_stat_activity where application_name = 'keybridge-index-listener'")) as { rows: Array<{ done: boolean }> };
    expect(terminated.rows.map((row) => row.done)).toEqual([true, true]);
    const deadline = Date.now() + 5000;
    while (b.indexChanges.isCurrent() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(b.indexChanges.isCurrent()).toBe(false);

    // Written without announcing it (no NOTIFY could reach B now anyway): B reads the database.
    const written = await insertPackageRowsSilently(a, 'listened-1.1.tar.gz');
    expect(await filenames(b, 'listened')).toEqual(['listened-1.0.tar.gz', written]);
    expect(await countQueries(b, async () => void (await filenames(b, 'listened')))).toBeGreaterThan(0);

    // Both listeners were cut: wait for both, since each says once that it is back.
    while (![a, b].every((registry) => registry.indexChanges.isCurrent()) && Date.now() < deadline + 5000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect([a.indexChanges.isCurrent(), b.indexChanges.isCurrent()]).toEqual([true, true]);
    expect(await filenames(b, 'listened')).toEqual(['listened-1.0.tar.gz', written]);
    expect(await countQueries(b, async () => void (await filenames(b, 'listened')))).toBe(0);
    for (const registry of [a, b]) {
      // One line when the connection went, one when it came back: not one per attempt to reconnect.
      expect(registry.loggedErrors.filter((line) => line.includes('listening for index changes')).map((line) => line.includes('again'))).toEqual([false, true]);
      registry.loggedErrors.length = 0;
    }
  });

  /** A file row for 'listened' 1.1 written straight into the database, announced to no one. */
  async function insertPackageRowsSilently(registry: RunningRegistry, filename: string): Promise<string> {
    const { indexChanges } = registry;
    const silent = { ...indexChanges, announce: async (_trx: unknown, normalizedName: string) => ({ normalizedName, id: '' }), committed: async () => undefined };
    await insertPackageRows({ ...registry, indexChanges: silent } as RunningRegistry, { project: 'listened', version: '1.1', filename, content: 'two' });
    return filename;
  }
});
