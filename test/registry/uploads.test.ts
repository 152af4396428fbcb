import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createUser } from '../../packages/registry/src/accounts/createUser.js';
import type { RegistryConfig } from '../../packages/registry/src/config/RegistryConfig.js';
import { listEvents } from '../../packages/registry/src/events/listEvents.js';
import type { RunningRegistry } from '../../packages/registry/src/server/startRegistry.js';
import { zipArchive } from '../support/zipArchive.js';
import { digestsOf, sdistOf, wheelOf, type Distribution } from './distributions.js';
import { startTestRegistry } from './startTestRegistry.js';
import { testDatabases, type FreshDatabase } from './testDatabases.js';
import { basicAuth, multipartBody, postCutOffUpload, postUpload, twineBody, twineFields, type UploadAnswer } from './uploadRequests.js';

const password = 'correct horse battery';

interface FileRow {
  filename: string;
  packagetype: string;
  python_version: string;
  size: number | string;
  sha256: string;
  md5: string;
  blake2_256: string;
  storage_key: string;
  metadata_sha256: string | null;
  requires_python: string | null;
  uploaded_by: number;
  yanked: unknown;
}

describe.each(testDatabases)('uploads on $kind', (testDatabase) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A registry on a fresh database with users alice and bob; checks at the end that nothing was logged as a 5xx. */
  async function start(overrides: Partial<RegistryConfig> = {}) {
    const database: FreshDatabase = await testDatabase.create();
    cleanups.push(() => database.destroy());
    const registry = await startTestRegistry(database, overrides);
    cleanups.push(async () => {
      await registry.close();
      expect(registry.loggedErrors).toEqual([]);
    });
    const alice = await createUser(registry.db, { username: 'alice', password });
    const bob = await createUser(registry.db, { username: 'bob', password });
    const upload = async (as: string, form: { body: Buffer; contentType: string }, headers: Record<string, string> = {}): Promise<UploadAnswer> => {
      const answer = await postUpload(registry.url, basicAuth(as, password), form, headers);
      expect(answer.status, `${answer.status} ${answer.statusText}`).toBeLessThan(500);
      return answer;
    };
    return { registry, alice, bob, upload };
  }

  const filesOf = async (registry: RunningRegistry) => (await registry.db('files').select('*').orderBy('filename')) as FileRow[];
  const temporaryFiles = (registry: RunningRegistry) => {
    const directory = join(registry.config.storageDir, 'tmp');
    return existsSync(directory) ? readdirSync(directory) : [];
  };
  /** Every stored file (relative storage keys), the temporary directory left out. */
  const storedKeys = (registry: RunningRegistry): string[] => {
    const keys: string[] = [];
    const walk = (directory: string, prefix: string) => {
      if (!existsSync(directory)) return;
      for (const entry of readdirSync(directory, { withFileTypes: true })) {
        if (prefix === '' && entry.name === 'tmp') continue;
        if (entry.isDirectory()) walk(join(directory, entry.name), `${prefix}${entry.name}/`);
        else keys.push(`${prefix}${entry.name}`);
      }
    };
    walk(registry.config.storageDir, '');
    return keys.sort();
  };

  it('stores an sdist and a wheel: rows, content-addressed files, the wheel METADATA, events', async () => {
    const { registry, alice, upload } = await start();
    const sdist = sdistOf('My.Pkg', '1.0.0');
    const wheel = wheelOf('My.Pkg', '1.0.0');

    const first = await upload('alice', twineBody(sdist));
    expect([first.status, first.statusText]).toEqual([200, 'OK']);
    const second = await upload('alice', twineBody(wheel));
    expect(second.status).toBe(200);

    const projects = await registry.db('projects').select('name', 'normalized_name');
    expect(projects).toEqual([{ name: 'My.Pkg', normalized_name: 'my-pkg' }]);
    const roles = await registry.db('roles').select('user_id', 'role');
    expect(roles).toEqual([{ user_id: alice.id, role: 'owner' }]);
    const releases = (await registry.db('releases').select('version', 'canonical_version', 'requires_python', 'summary', 'yanked')) as Array<Record<string, unknown>>;
    expect(releases.map((row) => ({ ...row, yanked: Boolean(row.yanked) }))).toEqual([
      { version: '1.0.0', canonical_version: '1.0.0', requires_python: '>=3.8', summary: 'The My.Pkg package', yanked: false },
    ]);

    const files = await filesOf(registry);
    expect(files.map((row) => row.filename)).toEqual([wheel.filename, sdist.filename]);
    for (const [row, distribution] of [
      [files[0]!, wheel],
      [files[1]!, sdist],
    ] as const) {
      const digests = digestsOf(distribution.bytes);
      expect(row).toMatchObject({ sha256: digests.sha256, md5: digests.md5, blake2_256: digests.blake2_256, requires_python: '>=3.8', uploaded_by: alice.id });
      expect(Number(row.size)).toBe(distribution.bytes.length);
      expect(Boolean(row.yanked)).toBe(false);
      expect(row.storage_key).toBe(`${digests.sha256.slice(0, 2)}/${digests.sha256.slice(2, 4)}/${digests.sha256}`);
      expect(readFileSync(join(registry.config.storageDir, row.storage_key))).toEqual(distribution.bytes);
    }
    expect(files[0]).toMatchObject({ packagetype: 'bdist_wheel', python_version: 'py3' });
    expect(files[1]).toMatchObject({ packagetype: 'sdist', python_version: 'source', metadata_sha256: null });
    const metadataPath = join(registry.config.storageDir, `${files[0]!.storage_key}.metadata`);
    expect(readFileSync(metadataPath, 'utf8')).toBe(wheel.metadata);
    expect(files[0]!.metadata_sha256).toBe(createHash('sha256').update(wheel.metadata).digest('hex'));
    expect(storedKeys(registry)).toEqual([files[0]!.storage_key, `${files[0]!.storage_key}.metadata`, files[1]!.storage_key].sort());
    expect(temporaryFiles(registry)).toEqual([]);

    const events = await listEvents(registry.db);
    expect(events.map((event) => event.kind)).toEqual(['project.created', 'release.created', 'file.uploaded', 'file.uploaded']);
    expect(events[0]).toMatchObject({ userId: alice.id, ip: '127.0.0.1', details: { project: 'My.Pkg', owner: 'alice' } });
    expect(events[3]!.details).toMatchObject({ filename: wheel.filename, sha256: digestsOf(wheel.bytes).sha256 });
  });

  it('answers 200 to an identical re-upload and 400 "File already exists" to other bytes under a used name', async () => {
    const { registry, upload } = await start();
    const sdist = sdistOf('pkg', '1.0');
    expect((await upload('alice', twineBody(sdist))).status).toBe(200);
    const again = await upload('alice', twineBody(sdist));
    expect(again.status).toBe(200);

    const changed = { ...sdistOf('pkg', '1.0', 'changed'), filename: sdist.filename };
    const clash = await upload('alice', twineBody(changed));
    const message = `File already exists ('${sdist.filename}', with blake2_256 hash '${digestsOf(changed.bytes).blake2_256}'). See ${registry.config.publicUrl}/help/#file-name-reuse for more information.`;
    expect([clash.status, clash.statusText, clash.body]).toEqual([400, message, `${message}\n`]);
    // twine --skip-existing skips on a 400 whose reason contains "already exist".
    expect(clash.statusText.toLowerCase()).toContain('already exist');

    // The same bytes under another filename are the same file too.
    const wheel = wheelOf('pkg', '1.0');
    expect((await upload('alice', twineBody(wheel))).status).toBe(200);
    const renamed = await upload('alice', twineBody({ ...wheel, filename: 'pkg-1.0-1-py3-none-any.whl' }));
    expect(renamed.status).toBe(400);
    expect(renamed.statusText).toMatch(/^File already exists \('pkg-1.0-1-py3-none-any.whl'/);

    expect((await filesOf(registry)).map((row) => row.filename)).toEqual([wheel.filename, sdist.filename]);
    expect((await listEvents(registry.db, { kind: 'file.uploaded' })).length).toBe(2);
    expect(temporaryFiles(registry)).toEqual([]);
    expect(storedKeys(registry)).toHaveLength(3);
  });

  it('refuses each bad upload with its precise 4xx, in the status line too, and keeps nothing', async () => {
    const { registry, upload } = await start();
    const sdist = sdistOf('pkg', '1.0');
    const wheel = wheelOf('pkg', '1.0');
    const wrong = 'f'.repeat(64);
    const whole = twineBody(sdist);
    const boundary = /boundary=(.+)$/.exec(whole.contentType)![1]!;
    const cases: Array<[string, { body: Buffer; contentType: string }, number, string | RegExp]> = [
      ['missing name', twineBody(sdist, { name: null }), 400, /^Missing required field 'name'/],
      ['missing version', twineBody(sdist, { version: '' }), 400, /^Missing required field 'version'/],
      ['missing filetype', twineBody(sdist, { filetype: null }), 400, /^Missing required field 'filetype'/],
      ['missing sha256', twineBody(sdist, { sha256_digest: null }), 400, "Missing required field 'sha256_digest'."],
      ['missing action', twineBody(sdist, { ':action': null }), 400, "Missing required field ':action'."],
      ['missing file', twineBody(sdist, {}, null), 400, 'Upload payload does not have a file.'],
      ['wrong sha256', twineBody(sdist, { sha256_digest: wrong }), 400, 'The digest supplied does not match a digest calculated from the uploaded file.'],
      ['wrong md5', twineBody(sdist, { md5_digest: 'f'.repeat(32) }), 400, 'The digest supplied does not match a digest calculated from the uploaded file.'],
      ['wrong blake2', twineBody(sdist, { blake2_256_digest: wrong }), 400, 'The digest supplied does not match a digest calculated from the uploaded file.'],
      ['malformed digest', twineBody(sdist, { sha256_digest: 'xyz' }), 400, /^'xyz' is an invalid value for sha256_digest/],
      ['../ in the filename', twineBody(sdist, {}, { filename: `../${sdist.filename}` }), 400, "Cannot upload a file with '/' or '\\' in the name."],
      ['absolute filename', twineBody(sdist, {}, { filename: `/tmp/${sdist.filename}` }), 400, "Cannot upload a file with '/' or '\\' in the name."],
      ['another project', twineBody(sdist, {}, { filename: 'other-1.0.tar.gz' }), 400, "Start filename for 'pkg' with 'pkg'."],
      ['invalid name', twineBody(sdist, { name: 'pkg!' }), 400, /^'pkg!' is an invalid value for Name/],
      ['invalid version', twineBody(sdist, { version: '1.0-final-x' }), 400, /^'1.0-final-x' is an invalid value for Version/],
      ['version mismatch', twineBody(sdist, { version: '2.0' }), 400, /^Version in filename should be '2.0' not '1.0'/],
      ['bad extension', twineBody(sdist, {}, { filename: 'pkg-1.0.tar.bz2' }), 400, /^Invalid file extension: Use .tar.gz, .whl or .zip extension/],
      ['egg filetype', twineBody(sdist, { filetype: 'bdist_egg' }), 400, /^'bdist_egg' is an invalid value for filetype/],
      ['not an archive', twineBody({ ...sdist, bytes: Buffer.from('<html>hello</html>') }), 400, 'Invalid distribution file.'],
      ['wheel without METADATA', twineBody({ ...wheel, bytes: zipArchive([{ name: 'pkg/__init__.py', data: '' }]) }), 400, /^Wheel 'pkg-1.0-py3-none-any.whl' does not contain the required METADATA file/],
      ['submit action', twineBody(sdist, { ':action': 'submit' }), 410, /^The 'submit' action is not supported/],
      ['not multipart', { body: Buffer.from('name=pkg'), contentType: 'application/x-www-form-urlencoded' }, 400, 'Expected a multipart/form-data body.'],
      ['no closing boundary', { ...whole, body: whole.body.subarray(0, whole.body.length - 30) }, 400, /^Invalid multipart body: Unexpected end of (form|file)\.$/],
      ['garbage part header', { body: Buffer.from(`--${boundary}\r\nContent-Disposition form-data\x00\x01\r\n\r\nx\r\n`), contentType: `multipart/form-data; boundary=${boundary}` }, 400, /^Invalid multipart body: /],
      ['no boundary', { body: twineBody(sdist).body, contentType: 'multipart/form-data' }, 400, /^Expected a multipart\/form-data body: /],
    ];
    for (const [label, form, status, message] of cases) {
      const answer = await upload('alice', form);
      expect(answer.status, `${label}: ${answer.statusText}`).toBe(status);
      if (typeof message === 'string') expect(answer.statusText, label).toBe(message);
      else expect(answer.statusText, label).toMatch(message);
      expect(answer.body.trimEnd(), label).toBe(answer.statusText);
    }
    expect(await filesOf(registry)).toEqual([]);
    expect(await registry.db('projects').select('id')).toEqual([]);
    expect(await registry.db('releases').select('id')).toEqual([]);
    expect(storedKeys(registry)).toEqual([]);
    expect(temporaryFiles(registry)).toEqual([]);
  });

  it('asks for credentials (401 with a Basic challenge) and refuses wrong ones (403)', async () => {
    const { registry } = await start();
    const form = twineBody(sdistOf('pkg', '1.0'));
    const anonymous = await postUpload(registry.url, null, form);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="keybridge"/);
    const wrong = await postUpload(registry.url, basicAuth('alice', 'not the password'), form);
    expect([wrong.status, wrong.statusText]).toEqual([403, 'Invalid or non-existent authentication information.']);
    expect(await filesOf(registry)).toEqual([]);
  });

  it("refuses a user without a role on an existing project with 403, before reading the file", async () => {
    const { registry, upload } = await start();
    expect((await upload('alice', twineBody(sdistOf('pkg', '1.0')))).status).toBe(200);
    const refused = await upload('bob', twineBody(wheelOf('pkg', '1.0')));
    expect(refused.status).toBe(403);
    expect(refused.statusText).toBe(`The user 'bob' isn't allowed to upload to project 'pkg'. See ${registry.config.publicUrl}/help/#project-name for more information.`);
    // Also under another spelling of the name.
    const respelled = await upload('bob', twineBody(wheelOf('PKG', '2.0')));
    expect(respelled.status).toBe(403);
    expect((await filesOf(registry)).map((row) => row.filename)).toEqual(['pkg-1.0.tar.gz']);
    expect(temporaryFiles(registry)).toEqual([]);
  });

  it('refuses a second sdist for a release', async () => {
    const { registry, upload } = await start();
    const tarGz = sdistOf('pkg', '1.0');
    expect((await upload('alice', twineBody(tarGz))).status).toBe(200);
    const zip: Distribution = { ...tarGz, filename: 'pkg-1.0.zip', bytes: zipArchive([{ name: 'pkg-1.0/PKG-INFO', data: tarGz.metadata }]) };
    const second = await upload('alice', twineBody(zip));
    expect([second.status, second.statusText]).toEqual([400, 'Only one sdist may be uploaded per release.']);
    expect(storedKeys(registry)).toHaveLength(1);
  });

  it('stops reading an oversized file: 413 while streaming, and at once for a Content-Length over the limit', async () => {
    const { registry, upload } = await start({ maxUploadBytes: 4096 });
    const big = wheelOf('pkg', '1.0', { extra: randomBytes(20_000).toString('base64') });
    expect(big.bytes.length).toBeGreaterThan(4096);
    const streamed = await upload('alice', twineBody(big));
    expect([streamed.status, streamed.statusText]).toEqual([413, 'File too large. Limit is 4096 bytes per file.']);

    // A declared length far over the limit is refused before a byte of the body is sent.
    const declared = await new Promise<[number | undefined, string | undefined]>((resolve, reject) => {
      const url = new URL('/legacy/', registry.url);
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(1024 ** 3), authorization: basicAuth('alice', password) },
      });
      req.on('response', (response) => {
        response.resume();
        resolve([response.statusCode, response.statusMessage]);
        req.destroy();
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(declared).toEqual([413, 'File too large. Limit is 4096 bytes per file.']);

    const small = wheelOf('pkg', '1.0');
    expect((await upload('alice', twineBody(small))).status).toBe(200);
    expect((await filesOf(registry)).map((row) => row.filename)).toEqual([small.filename]);
    expect(temporaryFiles(registry)).toEqual([]);
  });

  it('keeps nothing of a body cut off mid-stream', async () => {
    const { registry } = await start();
    const wheel = wheelOf('pkg', '1.0', { extra: 'y'.repeat(200_000) });
    const form = twineBody(wheel);
    for (const how of ['end', 'destroy'] as const) {
      const status = await postCutOffUpload(registry.url, basicAuth('alice', password), form, Math.floor(form.body.length / 2), how);
      // Either the server answers 400 to the half body, or the client is gone before any answer.
      expect([400, null]).toContain(status);
    }
    // Cleanup happens as the server notices the end of the connection.
    for (let attempt = 0; attempt < 50 && temporaryFiles(registry).length > 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(temporaryFiles(registry)).toEqual([]);
    expect(storedKeys(registry)).toEqual([]);
    expect(await filesOf(registry)).toEqual([]);
    expect(await registry.db('projects').select('id')).toEqual([]);
    // And the same upload, whole, then works.
    expect((await postUpload(registry.url, basicAuth('alice', password), form)).status).toBe(200);
  });

  it('accepts the fields in any order, the file first included', async () => {
    const { registry, upload } = await start();
    const wheel = wheelOf('pkg', '1.0');
    const fields = twineFields(wheel).map(([name, value]) => ({ name, value }));
    const answer = await upload('alice', multipartBody([{ name: 'content', filename: wheel.filename, bytes: wheel.bytes }, ...fields.reverse()]));
    expect([answer.status, answer.statusText]).toEqual([200, 'OK']);
    expect((await filesOf(registry)).map((row) => row.filename)).toEqual([wheel.filename]);
  });

  it('checks the form once when every field came before the file (twine), again when one came after it', async () => {
    const { registry, upload } = await start();
    expect((await upload('alice', twineBody(sdistOf('pkg', '1.0')))).status).toBe(200);
    /** The queries of the project lookup (by normalized name) that the form check starts with. */
    const projectLookups = async (form: { body: Buffer; contentType: string }) => {
      const sqls: string[] = [];
      const listen = (query: { sql: string }) => void sqls.push(query.sql);
      registry.db.on('query', listen);
      try {
        expect((await upload('alice', form)).status).toBe(200);
      } finally {
        registry.db.off('query', listen);
      }
      return sqls.filter((sql) => /from [`"]?projects[`"]?/i.test(sql) && /normalized_name/.test(sql) && !/insert|update/i.test(sql)).length;
    };
    const wheel = wheelOf('pkg', '1.1');
    const lookupsInTwineOrder = await projectLookups(twineBody(wheel));
    const fields = twineFields(wheelOf('pkg', '1.2')).map(([name, value]) => ({ name, value }));
    const late = fields.splice(fields.findIndex((field) => field.name === 'summary'), 1);
    const lookupsWithALateField = await projectLookups(multipartBody([...fields, { name: 'content', filename: wheelOf('pkg', '1.2').filename, bytes: wheelOf('pkg', '1.2').bytes }, ...late]));
    expect(lookupsWithALateField).toBe(lookupsInTwineOrder + 1);
  });

  it('takes parallel uploads to one project: each succeeds or fails cleanly, and exactly the successes are listed', async () => {
    // Distinct client addresses (trusted proxy) and users: each Basic login reserves a slot of the per-user and
    // per-IP login limit (10) until its password is checked, and this test is about uploads, not that limit.
    const { registry, alice, upload } = await start({ trustProxy: true });
    const from = (index: number) => ({ 'x-forwarded-for': `10.0.0.${index + 1}` });

    // Eight first uploads at once: one of them creates the project, none fails for it.
    const first = Array.from({ length: 8 }, (_, index) => wheelOf('busy-pkg', `0.${index}`));
    const firstAnswers = await Promise.all(first.map((distribution, index) => upload('alice', twineBody(distribution), from(index))));
    expect(firstAnswers.map((answer) => answer.status)).toEqual(first.map(() => 200));
    const project = (await registry.db('projects').select('id', 'name')) as Array<{ id: number; name: string }>;
    expect(project.map((row) => row.name)).toEqual(['busy-pkg']);
    expect(await registry.db('roles').select('user_id', 'role')).toEqual([{ user_id: alice.id, role: 'owner' }]);
    expect((await listEvents(registry.db, { kind: 'project.created' })).length).toBe(1);

    // Then 20 uploads at once by 20 maintainers; two of them fight over one filename with different bytes.
    const maintainers: string[] = [];
    for (let index = 0; index < 20; index++) {
      const user = await createUser(registry.db, { username: `maintainer${index}`, password });
      await registry.db('roles').insert({ project_id: project[0]!.id, user_id: user.id, role: 'maintainer', created_at: new Date() });
      maintainers.push(user.username);
    }
    const distinct = Array.from({ length: 18 }, (_, index) => wheelOf('busy-pkg', `1.${index}`));
    const contested = [wheelOf('busy-pkg', '2.0', { extra: 'first' }), wheelOf('busy-pkg', '2.0', { extra: 'second' })];
    const all = [...distinct, ...contested];
    const answers = await Promise.all(all.map((distribution, index) => upload(maintainers[index]!, twineBody(distribution), from(index + 8))));
    expect(answers.slice(0, 18).map((answer) => answer.status)).toEqual(distinct.map(() => 200));
    const contestedAnswers = answers.slice(18);
    expect(contestedAnswers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    expect(contestedAnswers.find((answer) => answer.status === 400)!.statusText).toMatch(/^File already exists \('busy_pkg-2.0-py3-none-any.whl'/);

    const succeeded = [...first, ...all.filter((_, index) => answers[index]!.status === 200)];
    const files = await filesOf(registry);
    expect(files.map((row) => row.filename).sort()).toEqual(succeeded.map((distribution) => distribution.filename).sort());
    for (const row of files) {
      const distribution = succeeded.find((candidate) => candidate.filename === row.filename)!;
      expect(row.sha256).toBe(digestsOf(distribution.bytes).sha256);
      expect(readFileSync(join(registry.config.storageDir, row.storage_key))).toEqual(distribution.bytes);
    }
    expect((await registry.db('releases').select('id')).length).toBe(8 + 18 + 1);
    // Each wheel and its METADATA, and not a byte of the losing upload.
    expect(storedKeys(registry)).toHaveLength(succeeded.length * 2);
    expect(temporaryFiles(registry)).toEqual([]);
  });
});
