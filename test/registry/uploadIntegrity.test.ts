import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createUser } from '../../packages/registry/src/accounts/createUser.js';
import type { RunningRegistry } from '../../packages/registry/src/server/startRegistry.js';
import { coreMetadata, sdistOf, sdistWith, wheelOf, wheelWithMetadata } from './distributions.js';
import { startTestRegistry } from './startTestRegistry.js';
import { testDatabases } from './testDatabases.js';
import { basicAuth, postUpload, twineBody, type UploadAnswer } from './uploadRequests.js';

const password = 'correct horse battery';

/** Issue 11, "Integrity of what is published": what is stored must be what installers will read. */
describe.each(testDatabases)('integrity of uploads on $kind', (testDatabase) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start() {
    const database = await testDatabase.create();
    cleanups.push(() => database.destroy());
    const registry = await startTestRegistry(database);
    cleanups.push(async () => {
      await registry.close();
      expect(registry.loggedErrors).toEqual([]);
    });
    await createUser(registry.db, { username: 'alice', password });
    const upload = async (form: { body: Buffer; contentType: string }): Promise<UploadAnswer> => {
      const answer = await postUpload(registry.url, basicAuth('alice', password), form);
      expect(answer.status, `${answer.status} ${answer.statusText}`).toBeLessThan(500);
      return answer;
    };
    return { registry, upload };
  }

  /** Nothing of a refused upload stays: no row, no stored object, no temporary file. */
  async function expectNothingKept(registry: RunningRegistry) {
    expect(Number(((await registry.db('files').count({ count: '*' }).first()) as { count: number | string }).count)).toBe(0);
    expect(Number(((await registry.db('releases').count({ count: '*' }).first()) as { count: number | string }).count)).toBe(0);
    const storage = registry.config.storageDir;
    const entries = existsSync(storage) ? readdirSync(storage).filter((entry) => entry !== 'tmp') : [];
    expect(entries).toEqual([]);
    const tmp = join(storage, 'tmp');
    expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);
  }

  async function pypiJson(registry: RunningRegistry, path: string) {
    const response = await fetch(new URL(path, registry.url));
    expect(response.status).toBe(200);
    return (await response.json()) as { info: Record<string, unknown> };
  }

  it("refuses a wheel whose METADATA disagrees with the form's name, version or Requires-Python, naming the field", async () => {
    const { registry, upload } = await start();
    const cases: Array<[string, string, RegExp]> = [
      ['Name', coreMetadata('other-pkg', '1.0'), /^Name in the wheel's METADATA \('other-pkg'\) does not match/],
      ['Version', coreMetadata('pkg', '1.1'), /^Version in the wheel's METADATA \('1\.1'\) does not match/],
      ['Requires-Python', coreMetadata('pkg', '1.0').replace('Requires-Python: >=3.8', 'Requires-Python: >=3.11'), /^Requires-Python in the wheel's METADATA \('>=3\.11'\) does not match/],
      ['Requires-Python absent', coreMetadata('pkg', '1.0').replace('Requires-Python: >=3.8\n', ''), /^Requires-Python in the wheel's METADATA \(absent\) does not match/],
      ['no Version', coreMetadata('pkg', '1.0').replace('Version: 1.0\n', ''), /^Version in the wheel's METADATA \(absent\)/],
    ];
    for (const [label, metadata, message] of cases) {
      const answer = await upload(twineBody(wheelWithMetadata('pkg', '1.0', metadata)));
      expect([answer.status, answer.statusText], label).toEqual([400, expect.stringMatching(message)]);
    }
    await expectNothingKept(registry);
  });

  it('compares the wheel METADATA after PEP 503 and PEP 440 normalization', async () => {
    const { registry, upload } = await start();
    // The form and filename say 'My.Pkg' 1.0rc1; METADATA spells both otherwise, Requires-Python too.
    const metadata = coreMetadata('my_PKG', '1.0-RC1').replace('Requires-Python: >=3.8', 'Requires-Python: >= 3.8');
    const wheel = wheelWithMetadata('My.Pkg', '1.0rc1', metadata);
    const answer = await upload(twineBody(wheel, { requires_python: '>=3.8' }));
    expect([answer.status, answer.statusText]).toEqual([200, 'OK']);
    expect(await registry.db('files').pluck('filename')).toEqual([wheel.filename]);
  });

  it('refuses a text field that is not UTF-8 with 400 naming it, and keeps UTF-8 text intact', async () => {
    const { registry, upload } = await start();
    const sdist = sdistOf('pkg', '1.0');
    const marker = 'NOT-UTF8-MARKER';
    for (const field of ['description', 'summary', 'author']) {
      const form = twineBody(sdist, { [field]: marker });
      const at = form.body.indexOf(marker);
      // 'café' in Latin-1: the é is a lone 0xE9 byte.
      const body = Buffer.concat([form.body.subarray(0, at), Buffer.from([0x63, 0x61, 0x66, 0xe9]), form.body.subarray(at + marker.length)]);
      const answer = await upload({ body, contentType: form.contentType });
      expect([answer.status, answer.statusText]).toEqual([400, `Field '${field}' is not valid UTF-8.`]);
    }
    await expectNothingKept(registry);

    const text = 'Café ☕ — naïve 𝄞';
    expect((await upload(twineBody(sdist, { summary: text, description: `# ${text}\n` }))).status).toBe(200);
    const info = (await pypiJson(registry, '/pypi/pkg/json')).info;
    expect([info.summary, info.description]).toEqual([text, `# ${text}\n`]);
  });

  it('refuses an sdist that is not a readable tar.gz, or not laid out as {name}-{version}/ with its PKG-INFO', async () => {
    const { registry, upload } = await start();
    const pkgInfo = coreMetadata('pkg', '1.0');
    const tar = (members: Array<{ name: string; data: string }>) => sdistWith('pkg', '1.0', { members });
    const cases: Array<[string, ReturnType<typeof sdistWith>, RegExp]> = [
      ['gzip magic, then random bytes', sdistWith('pkg', '1.0', { bytes: Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), randomBytes(4096)]) }), /is not a readable gzip file/],
      ['gzipped random bytes', sdistWith('pkg', '1.0', { bytes: gzipSync(randomBytes(4096)) }), /is not a readable tar archive/],
      ['cut off', sdistWith('pkg', '1.0', { bytes: tar([{ name: 'pkg-1.0/PKG-INFO', data: pkgInfo }]).bytes.subarray(0, 60) }), /is not a readable gzip file/],
      ['path traversal', tar([{ name: 'pkg-1.0/PKG-INFO', data: pkgInfo }, { name: 'pkg-1.0/../../evil.py', data: 'x' }]), /whose path leaves its directory/],
      ['absolute member', tar([{ name: 'pkg-1.0/PKG-INFO', data: pkgInfo }, { name: '/etc/evil', data: 'x' }]), /absolute path/],
      ['two top-level directories', tar([{ name: 'pkg-1.0/PKG-INFO', data: pkgInfo }, { name: 'other-1.0/setup.py', data: 'x' }]), /single top-level directory/],
      ['a file at the top', tar([{ name: 'setup.py', data: 'x' }, { name: 'pkg-1.0/PKG-INFO', data: pkgInfo }]), /single top-level directory/],
      ['another project\'s directory', tar([{ name: 'other-1.0/PKG-INFO', data: pkgInfo }]), /single top-level directory '\{name\}-\{version\}'/],
      ['another version\'s directory', tar([{ name: 'pkg-2.0/PKG-INFO', data: pkgInfo }]), /single top-level directory '\{name\}-\{version\}'/],
      ['no PKG-INFO', tar([{ name: 'pkg-1.0/setup.py', data: 'x' }, { name: 'pkg-1.0/src/pkg.egg-info/PKG-INFO', data: pkgInfo }]), /does not contain the required pkg-1\.0\/PKG-INFO/],
      ['PKG-INFO of another version', tar([{ name: 'pkg-1.0/PKG-INFO', data: coreMetadata('pkg', '1.1') }]), /^Version in the sdist's PKG-INFO \('1\.1'\) does not match/],
      ['PKG-INFO of another project', tar([{ name: 'pkg-1.0/PKG-INFO', data: coreMetadata('other', '1.0') }]), /^Name in the sdist's PKG-INFO \('other'\) does not match/],
      ['zip without PKG-INFO', sdistWith('pkg', '1.0', { zip: true, members: [{ name: 'pkg-1.0/setup.py', data: 'x' }] }), /does not contain the required pkg-1\.0\/PKG-INFO/],
      ['zip with a traversal', sdistWith('pkg', '1.0', { zip: true, members: [{ name: 'pkg-1.0/PKG-INFO', data: pkgInfo }, { name: 'pkg-1.0/../x', data: 'x' }] }), /./],
    ];
    for (const [label, sdist, message] of cases) {
      const answer = await upload(twineBody(sdist));
      expect([answer.status, answer.statusText], label).toEqual([400, expect.stringMatching(message)]);
    }
    await expectNothingKept(registry);
  });

  it('accepts sdists as setuptools writes them: PEP 625 names, older spellings of the directory, zip', async () => {
    const { registry, upload } = await start();
    const members = (top: string, name: string, version: string) => [
      { name: `${top}/`, data: '' },
      { name: `${top}/PKG-INFO`, data: coreMetadata(name, version) },
      { name: `${top}/src/${name}/__init__.py`, data: '' },
    ];
    const sdists = [
      sdistOf('My.Pkg', '1.0'),
      sdistWith('My.Pkg', '1.1', { members: members('My.Pkg-1.1', 'My.Pkg', '1.1') }),
      sdistWith('My.Pkg', '1.2', { members: members('my_pkg-1.2', 'my-pkg', '1.2') }),
      sdistWith('My.Pkg', '1.3', { zip: true, members: members('my_pkg-1.3', 'My.Pkg', '1.3') }),
    ];
    for (const sdist of sdists) {
      const answer = await upload(twineBody(sdist));
      expect([answer.status, answer.statusText], sdist.filename).toEqual([200, 'OK']);
    }
    expect((await registry.db('files').pluck('filename')).sort()).toEqual(sdists.map((sdist) => sdist.filename).sort());
  });

  it("keeps the release's description and core metadata and shows them in the JSON API's info, as PyPI does", async () => {
    const { registry, upload } = await start();
    const fields = {
      description: '# pkg\n\nThe **README**.\n',
      description_content_type: 'text/markdown; charset=UTF-8; variant=GFM',
      author: 'Ada Author',
      author_email: 'ada@example.org',
      maintainer: 'Max Maintainer',
      maintainer_email: 'max@example.org',
      license: 'MIT License',
      license_expression: 'MIT',
      keywords: 'keys,security',
      home_page: 'https://example.org/home',
      download_url: 'https://example.org/download',
      platform: ['Linux', 'macOS'],
      classifiers: ['Programming Language :: Python :: 3', 'Operating System :: OS Independent'],
      requires_dist: ['requests>=2', 'rich; extra == "cli"'],
      provides_extras: ['cli'],
      project_urls: ['Homepage, https://example.org', 'Source, https://example.org/src'],
      dynamic: ['License-File'],
    };
    expect((await upload(twineBody(wheelOf('pkg', '1.0'), fields))).status).toBe(200);
    const expected = {
      description: fields.description,
      description_content_type: fields.description_content_type,
      author: 'Ada Author',
      author_email: 'ada@example.org',
      maintainer: 'Max Maintainer',
      maintainer_email: 'max@example.org',
      license: 'MIT License',
      license_expression: 'MIT',
      keywords: 'keys,security',
      home_page: 'https://example.org/home',
      download_url: 'https://example.org/download',
      platform: 'Linux, macOS',
      classifiers: fields.classifiers,
      requires_dist: fields.requires_dist,
      provides_extra: ['cli'],
      project_urls: { Homepage: 'https://example.org', Source: 'https://example.org/src' },
      dynamic: ['License-File'],
      summary: 'The pkg package',
      requires_python: '>=3.8',
    };
    expect((await pypiJson(registry, '/pypi/pkg/json')).info).toMatchObject(expected);
    expect((await pypiJson(registry, '/pypi/pkg/1.0/json')).info).toMatchObject(expected);

    // The project's info is the latest release's; each release keeps its own; a later file of a release changes nothing.
    expect((await upload(twineBody(wheelOf('pkg', '2.0'), { description: 'Version two.', description_content_type: 'text/plain', author: '', classifiers: [] }))).status).toBe(200);
    expect((await upload(twineBody(sdistOf('pkg', '1.0'), { description: 'Ignored: the release exists.' }))).status).toBe(200);
    const latest = (await pypiJson(registry, '/pypi/pkg/json')).info;
    expect(latest).toMatchObject({ version: '2.0', description: 'Version two.', description_content_type: 'text/plain', author: null, classifiers: [], requires_dist: null, project_urls: null });
    expect((await pypiJson(registry, '/pypi/pkg/1.0/json')).info).toMatchObject(expected);
  });

  it('refuses a Description-Content-Type PyPI would not render, naming the field', async () => {
    const { registry, upload } = await start();
    for (const value of ['text/html', 'text/markdown; charset=latin-1', 'text/plain; variant=GFM']) {
      const answer = await upload(twineBody(sdistOf('pkg', '1.0'), { description_content_type: value }));
      expect([answer.status, answer.statusText], value).toEqual([400, expect.stringContaining('is an invalid value for Description-Content-Type')]);
    }
    await expectNothingKept(registry);
  });
});




