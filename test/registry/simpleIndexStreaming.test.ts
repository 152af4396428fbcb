import { describe, expect, it } from 'vitest';
import { createUser } from '../../packages/registry/src/accounts/createUser.js';
import { rootIndexPageSize } from '../../packages/registry/src/simple/rootIndexPageSize.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { sdistOf } from './distributions.js';
import { insertPackageRows } from './insertPackageRows.js';
import { startRegistryForThisTest } from './startRegistryForThisTest.js';
import { testDatabases } from './testDatabases.js';
import { basicAuth, postUpload, twineBody } from './uploadRequests.js';

const json = 'application/vnd.pypi.simple.v1+json';
const password = 'correct horse battery';

describe.each(testDatabases)('the root of the Simple API beyond one page of projects on $kind', (testDatabase) => {
  it('is streamed in byte order of the normalized names, in HTML and JSON, with an ETag that answers 304 until a project is added', async () => {
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase));
    await createUser(registry.db, { username: 'alice', password });
    // Two and a half pages, inserted out of order; '-' sorts before digits and letters (byte order), which a
    // database collation that ignores punctuation would not do.
    const count = Math.round(rootIndexPageSize * 2.5);
    const names = Array.from({ length: count }, (_, index) => `Proj${(index * 7919) % count}${index % 3 === 0 ? '-x' : index % 3 === 1 ? 'x' : '0'}`);
    const now = new Date();
    const rows = names.map((name) => ({ name, normalized_name: name.toLowerCase(), created_at: now }));
    for (let start = 0; start < rows.length; start += 200) await registry.db('projects').insert(rows.slice(start, start + 200));
    // The last one the way an upload lands (which also drops any cached root page).
    const file = await insertPackageRows(registry, { project: 'Zz_Last', version: '1.0', filename: 'zz_last-1.0.tar.gz', content: 'sdist' });
    const normalized = [...rows.map((row) => row.normalized_name), 'zz-last'].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
    const byNormalized = new Map([...rows.map((row) => [row.normalized_name, row.name] as const), ['zz-last', 'Zz_Last'] as const]);
    const get = (headers: Record<string, string> = {}, method = 'GET') => fetch(new URL('/simple/', registry.url), { headers, method });

    const html = await get();
    expect(html.status).toBe(200);
    // Streamed: no length known in advance.
    expect(html.headers.get('content-length')).toBeNull();
    expect(html.headers.get('x-pypi-last-serial')).toBe(String(file.id));
    const page = await html.text();
    expect(page.startsWith('<!DOCTYPE html>\n')).toBe(true);
    expect(page.endsWith('  </body>\n</html>\n')).toBe(true);
    const links = [...page.matchAll(/<a href="([^"]+)\/">([^<]+)<\/a>/g)].map((match) => [match[1], match[2]]);
    expect(links).toEqual(normalized.map((name) => [name, byNormalized.get(name)]));

    const listed = await get({ accept: json });
    expect(listed.headers.get('content-type')).toBe(json);
    expect(await listed.json()).toEqual({ meta: { 'api-version': '1.1', '_last-serial': file.id }, projects: normalized.map((name) => ({ name: byNormalized.get(name) })) });

    for (const accept of ['text/html', json]) {
      const etag = (await get({ accept })).headers.get('etag')!;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      const notModified = await get({ accept, 'if-none-match': etag });
      expect([notModified.status, await notModified.text()]).toEqual([304, '']);
      const head = await get({ accept }, 'HEAD');
      expect([head.status, head.headers.get('etag'), await head.text()]).toEqual([200, etag, '']);

      // A new project changes the ETag (on this and every process: the change feed drops the cached one).
      const upload = await postUpload(registry.url, basicAuth('alice', password), twineBody(sdistOf(`new-project-${accept.length}`, '1.0')));
      expect(upload.status).toBe(200);
      const changed = await get({ accept, 'if-none-match': etag });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect(await changed.text()).toContain(`new-project-${accept.length}`);
    }
    expect(html.headers.get('etag')).not.toBe(listed.headers.get('etag'));
  }, 60_000);
});
