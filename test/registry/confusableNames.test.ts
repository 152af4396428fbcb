import { describe, expect, it } from 'vitest';
import { createUser } from '../../packages/registry/src/accounts/createUser.js';
import { isPostgres } from '../../packages/registry/src/db/isPostgres.js';
import { findConfusableProject } from '../../packages/registry/src/projects/ultranormalizeProjectName.js';
import { sdistOf, wheelOf } from './distributions.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { startRegistryForThisTest } from './startRegistryForThisTest.js';
import { testDatabases } from './testDatabases.js';
import { basicAuth, postUpload, twineBody } from './uploadRequests.js';

const password = 'correct horse battery';

describe.each(testDatabases)('names too similar to an existing project, on $kind', (testDatabase) => {
  it('are refused at first upload with 400 naming the existing project, as on PyPI; the project itself and other names are not', async () => {
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase));
    await createUser(registry.db, { username: 'alice', password });
    await createUser(registry.db, { username: 'bob', password });
    const upload = (as: string, distribution: ReturnType<typeof sdistOf>) => postUpload(registry.url, basicAuth(as, password), twineBody(distribution));

    expect((await upload('alice', sdistOf('kbdemo', '1.0'))).status).toBe(200);
    for (const [as, name] of [
      ['bob', 'kb-demo'],
      ['bob', 'kbdem0'],
      ['bob', 'KB.Dem0'],
      ['alice', 'k.b.demo'],
      ['bob', 'KBDEM0'],
    ] as const) {
      const answer = await upload(as, wheelOf(name, '1.0'));
      expect([answer.status, answer.statusText], name).toEqual([
        400,
        `The name '${name}' is too similar to an existing project, 'kbdemo'. See ${registry.config.publicUrl}/help/#project-name for more information.`,
      ]);
    }
    // 'KBDemo' is the project itself (PEP 503): its owner uploads to it.
    expect((await upload('alice', wheelOf('KBDemo', '1.0'))).status).toBe(200);
    expect((await upload('bob', sdistOf('kbdemos', '1.0'))).status).toBe(200);

    // l and i fold to 1: pil1ow next to pillow.
    expect((await upload('alice', sdistOf('pillow', '1.0'))).status).toBe(200);
    const confusable = await upload('bob', sdistOf('Pi1L0w', '1.0'));
    expect([confusable.status, confusable.statusText[0]]).toEqual([400, 'T']);
    expect(confusable.statusText).toContain("existing project, 'pillow'");

    const projects = (await registry.db('projects').select('name').orderBy('name')) as Array<{ name: string }>;
    expect(projects.map((project) => project.name)).toEqual(['kbdemo', 'kbdemos', 'pillow']);
    const files = (await registry.db('files').select('filename').orderBy('filename')) as Array<{ filename: string }>;
    expect(files.map((file) => file.filename)).toEqual(['kbdemo-1.0-py3-none-any.whl', 'kbdemo-1.0.tar.gz', 'kbdemos-1.0.tar.gz', 'pillow-1.0.tar.gz']);
  });

  it('are found through the index migration 0007 made for them (no scan of every project), the oldest first', async () => {
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase));
    const now = new Date();
    // Look-alikes that predate the check (made by hand): the oldest one is named.
    await registry.db('projects').insert([
      { name: 'other', normalized_name: 'other', created_at: now },
      { name: 'kb-demo', normalized_name: 'kb-demo', created_at: now },
      { name: 'kbdemo', normalized_name: 'kbdemo', created_at: now },
    ]);
    expect(await findConfusableProject(registry.db, 'KB_Dem0', 'kb-dem0')).toMatchObject({ name: 'kb-demo' });
    expect(await findConfusableProject(registry.db, 'kb-demo', 'kb-demo')).toMatchObject({ name: 'kbdemo' });
    expect(await findConfusableProject(registry.db, 'kbdemos', 'kbdemos')).toBeNull();

    let sql = '';
    registry.db.on('query', (query: { sql: string }) => (sql ||= query.sql));
    await findConfusableProject(registry.db, 'x', 'x');
    const plan = isPostgres(registry.db)
      ? await registry.db.transaction(async (trx) => {
          // A table this small would be scanned anyway: ask whether the index can serve the query at all.
          await trx.raw('set local enable_seqscan = off');
          const rows = (await trx.raw(`explain ${sql.replace('$1', "'x'").replace('$2', "'x'").replace('$3', '1')}`)) as { rows: Array<{ 'QUERY PLAN': string }> };
          return rows.rows.map((row) => row['QUERY PLAN']).join('\n');
        })
      : ((await registry.db.raw(`explain query plan ${sql}`, ['x', 'x', 1])) as Array<{ detail: string }>).map((row) => row.detail).join('\n');
    expect(plan).toContain('projects_ultranormalized_name');
    expect(plan).not.toMatch(/sort|temp b-tree/i);
  });
});
