import { describe, expect, it } from 'vitest';
import { createUser } from '../../packages/registry/src/accounts/createUser.js';
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
});
