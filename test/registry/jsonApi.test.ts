import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PypiProjectJson, PypiReleaseJson } from '../../packages/registry/src/jsonApi/PypiJson.js';
import { insertPackageRows } from './insertPackageRows.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { startRegistryForThisTest } from './startRegistryForThisTest.js';
import { testDatabases } from './testDatabases.js';

describe.each(testDatabases)("PyPI's JSON API on $kind", (testDatabase) => {
  async function start() {
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase), { publicUrl: 'https://pypi.example/registry' });
    const get = (path: string, headers: Record<string, string> = {}) => fetch(new URL(path, registry.url), { headers, redirect: 'manual' });
    return { registry, get };
  }

  async function populate(registry: Awaited<ReturnType<typeof start>>['registry']) {
    const old = await insertPackageRows(registry, {
      project: 'Tiny_Project', version: '0.9', filename: 'tiny_project-0.9.tar.gz', content: 'old', summary: 'Old summary', uploadedAt: new Date('2023-01-01T00:00:00.5Z'),
    });
    const sdist = await insertPackageRows(registry, {
      project: 'Tiny_Project', version: '1.0', filename: 'tiny_project-1.0.tar.gz', content: 'sdist', summary: 'A tiny project', releaseRequiresPython: '>=3.8',
      uploadedAt: new Date('2024-02-03T04:05:06.789Z'),
    });
    const wheel = await insertPackageRows(registry, {
      project: 'Tiny_Project', version: '1.0', filename: 'tiny_project-1.0-py3-none-any.whl', content: 'wheel', metadata: 'Metadata-Version: 2.1\n',
      uploadedAt: new Date('2024-02-03T04:05:07Z'),
    });
    const yanked = await insertPackageRows(registry, {
      project: 'Tiny_Project', version: '1.1', filename: 'tiny_project-1.1.tar.gz', content: 'yanked', releaseYanked: true, yankedReason: 'security',
    });
    const candidate = await insertPackageRows(registry, { project: 'Tiny_Project', version: '2.0rc1', filename: 'tiny_project-2.0rc1.tar.gz', content: 'rc' });
    return { old, sdist, wheel, yanked, candidate };
  }

  it('describes a project in the shape of PyPI: info of the current release, its urls, every release, last_serial', async () => {
    const { registry, get } = await start();
    const { old, sdist, wheel, yanked, candidate } = await populate(registry);
    const response = await get('/pypi/Tiny_Project/json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('x-pypi-last-serial')).toBe(String(candidate.id));
    const document = (await response.json()) as PypiProjectJson;

    // 1.1 is yanked and 2.0rc1 a pre-release: 1.0 is current.
    expect(document.info).toMatchObject({
      name: 'Tiny_Project',
      version: '1.0',
      summary: 'A tiny project',
      requires_python: '>=3.8',
      yanked: false,
      yanked_reason: null,
      package_url: 'https://pypi.example/registry/project/Tiny_Project/',
      project_url: 'https://pypi.example/registry/project/Tiny_Project/',
      release_url: 'https://pypi.example/registry/project/Tiny_Project/1.0/',
      classifiers: [],
      requires_dist: null,
      downloads: { last_day: -1, last_month: -1, last_week: -1 },
    });
    expect(document.last_serial).toBe(candidate.id);
    expect(document.vulnerabilities).toEqual([]);
    expect(Object.keys(document.releases)).toEqual(['0.9', '1.0', '1.1', '2.0rc1']);
    expect(document.releases['0.9']!.map((file) => file.filename)).toEqual([old.filename]);
    expect(document.releases['1.1']![0]).toMatchObject({ filename: yanked.filename, yanked: true, yanked_reason: 'security' });
    expect(document.urls).toEqual(document.releases['1.0']);
    expect(document.urls.map((file) => file.filename)).toEqual([wheel.filename, sdist.filename]);
    const [wheelFile, sdistFile] = document.urls;
    expect(sdistFile).toEqual({
      comment_text: '',
      digests: { blake2b_256: expect.stringMatching(/^[0-9a-f]{64}$/), md5: expect.stringMatching(/^[0-9a-f]{32}$/), sha256: sdist.sha256 },
      downloads: -1,
      filename: sdist.filename,
      has_sig: false,
      md5_digest: sdistFile!.digests.md5,
      packagetype: 'sdist',
      python_version: 'source',
      requires_python: '>=3.8',
      size: 5,
      upload_time: '2024-02-03T04:05:06',
      upload_time_iso_8601: '2024-02-03T04:05:06.789Z',
      url: `https://pypi.example/registry/files/${sdist.sha256.slice(0, 2)}/${sdist.sha256.slice(2, 4)}/${sdist.sha256}/${sdist.filename}`,
      yanked: false,
      yanked_reason: null,
    });
    expect(wheelFile).toMatchObject({ packagetype: 'bdist_wheel', python_version: 'py3', size: 5, upload_time: '2024-02-03T04:05:07' });
    // Digests are those of the bytes.
    const bytes = Buffer.from(await (await get(new URL(sdistFile!.url).pathname.replace('/registry', ''))).arrayBuffer());
    expect(bytes.toString()).toBe('sdist');
    expect(createHash('md5').update(bytes).digest('hex')).toBe(sdistFile!.md5_digest);
  });

  it('describes one release without the releases map, under its uploaded version, 404 for others', async () => {
    const { registry, get } = await start();
    const { yanked, candidate } = await populate(registry);
    const response = await get('/pypi/Tiny_Project/1.1/json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as PypiReleaseJson & { releases?: unknown };
    expect(document.releases).toBeUndefined();
    expect(document.info).toMatchObject({ version: '1.1', yanked: true, yanked_reason: 'security', release_url: 'https://pypi.example/registry/project/Tiny_Project/1.1/' });
    expect(document.urls.map((file) => file.filename)).toEqual([yanked.filename]);
    expect(document.last_serial).toBe(candidate.id);

    expect(((await (await get('/pypi/Tiny_Project/2.0rc1/json')).json()) as PypiReleaseJson).info.version).toBe('2.0rc1');
    for (const path of ['/pypi/Tiny_Project/3.0/json', '/pypi/Tiny_Project/not-a-version/json', '/pypi/nothing/json', '/pypi/nothing/1.0/json']) {
      const missing = await get(path);
      expect(missing.status, path).toBe(404);
      expect(missing.statusText, path).toMatch(/was not found\.$/);
    }
  });

  it('redirects other spellings of the name and of the version to the uploaded ones', async () => {
    const { registry, get } = await start();
    await populate(registry);
    for (const [path, location, target] of [
      ['/pypi/tiny-project/json', '../Tiny_Project/json', '/pypi/Tiny_Project/json'],
      ['/pypi/TINY.PROJECT/json', '../Tiny_Project/json', '/pypi/Tiny_Project/json'],
      ['/pypi/tiny-project/1.0/json', '../../Tiny_Project/1.0/json', '/pypi/Tiny_Project/1.0/json'],
      ['/pypi/Tiny_Project/2.0-RC1/json', '../../Tiny_Project/2.0rc1/json', '/pypi/Tiny_Project/2.0rc1/json'],
      ['/pypi/Tiny_Project/1.0.0/json', null, null],
    ] as const) {
      const response = await get(path);
      if (location === null) {
        // 1.0.0 is not 1.0 in PEP 440's normalization (trailing zeros are kept): no such release.
        expect(response.status, path).toBe(404);
        continue;
      }
      expect(response.status, path).toBe(301);
      expect(response.headers.get('location'), path).toBe(location);
      expect(new URL(location, new URL(path, registry.url)).pathname, path).toBe(target);
    }
  });

  it('answers If-None-Match with 304 and describes a project without releases as 404', async () => {
    const { registry, get } = await start();
    await populate(registry);
    const first = await get('/pypi/Tiny_Project/json');
    const etag = first.headers.get('etag')!;
    expect((await get('/pypi/Tiny_Project/json', { 'if-none-match': etag })).status).toBe(304);
    await registry.db('projects').insert({ name: 'empty', normalized_name: 'empty', created_at: new Date() });
    expect((await get('/pypi/empty/json')).status).toBe(404);
    expect((await get('/simple/empty/', { accept: 'application/vnd.pypi.simple.v1+json' })).status).toBe(200);
  });
});
