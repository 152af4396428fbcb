/*
 * Release management (issue 11): yanking and un-yanking a release (PEP 592), deleting a file, a release, a project;
 * a deleted filename is never accepted again; administrators act on any project; every action writes an event.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUser } from '../../packages/registry/src/accounts/createUser.js';
import { listEvents } from '../../packages/registry/src/events/listEvents.js';
import { removeRetiredFiles } from '../../packages/registry/src/releases/removeRetiredFiles.js';
import type { FileStorage } from '../../packages/registry/src/storage/FileStorage.js';
import { LocalFileStorage } from '../../packages/registry/src/storage/LocalFileStorage.js';
import { storageKeyForSha256 } from '../../packages/registry/src/storage/storageKeyForSha256.js';
import { signInToApi } from './apiSession.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { digestsOf, sdistOf, wheelOf, type Distribution } from './distributions.js';
import { startRegistryForThisTest } from './startRegistryForThisTest.js';
import { testDatabases } from './testDatabases.js';
import { basicAuth, postUpload, twineBody } from './uploadRequests.js';

const password = 'correct horse battery';
const pep691 = { accept: 'application/vnd.pypi.simple.v1+json' };

interface SimpleJson {
  versions: string[];
  files: Array<{ filename: string; yanked: boolean | string }>;
}

describe.each(testDatabases)('release management on $kind', (testDatabase) => {
  async function start() {
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase));
    const users = {
      alice: await createUser(registry.db, { username: 'alice', password }),
      bob: await createUser(registry.db, { username: 'bob', password }),
      root: await createUser(registry.db, { username: 'root', password, isAdmin: true }),
    };
    const upload = (username: string, distribution: Distribution) => postUpload(registry.url, basicAuth(username, password), twineBody(distribution));
    const files = {
      sdist10: sdistOf('my-pkg', '1.0'),
      wheel10: wheelOf('my-pkg', '1.0'),
      sdist11: sdistOf('my-pkg', '1.1'),
      wheel11: wheelOf('my-pkg', '1.1'),
    };
    for (const file of Object.values(files)) expect((await upload('alice', file)).status).toBe(200);
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${registry.url}${path}`, { headers });
    const simpleJson = async () => (await (await get('/simple/my-pkg/', pep691)).json()) as SimpleJson;
    const yankedOf = async () => Object.fromEntries((await simpleJson()).files.map((file) => [file.filename, file.yanked]));
    const storedPath = (distribution: Distribution) => join(registry.config.storageDir, ...storageKeyForSha256(digestsOf(distribution.bytes).sha256).split('/'));
    const signIn = (username: string) => signInToApi(registry.url, username, password);
    const projectId = Number(((await registry.db('projects').select('id').first()) as { id: number }).id);
    return { registry, users, upload, files, get, simpleJson, yankedOf, storedPath, signIn, projectId };
  }

  const release = (version: string) => `/api/v1/projects/My_Pkg/releases/${version}`;

  it('yanks and un-yanks a release with a reason, and the Simple (HTML, PEP 691) and JSON APIs show it at once', async () => {
    const { registry, users, files, get, yankedOf, signIn, projectId } = await start();
    // Cached pages of every format, which the change must drop.
    const html = async () => (await get('/simple/my-pkg/')).text();
    expect(await html()).not.toContain('data-yanked');
    expect(Object.values(await yankedOf())).toEqual([false, false, false, false]);

    const alice = await signIn('alice');
    const yanked = await alice.call('PUT', `${release('1.1')}/yank`, { reason: 'broken "build" <1.1>' });
    expect([yanked.status, yanked.body]).toEqual([200, { outcome: 'yanked', project: 'my-pkg', version: '1.1', yanked: true, yankedReason: 'broken "build" <1.1>' }]);

    const page = await html();
    expect(page).toContain(`>${files.sdist11.filename}</a>`);
    expect([...page.matchAll(/ data-yanked="([^"]*)">([^<]+)</g)].map((match) => [match[2], match[1]])).toEqual([
      [files.wheel11.filename, 'broken &quot;build&quot; &lt;1.1&gt;'],
      [files.sdist11.filename, 'broken &quot;build&quot; &lt;1.1&gt;'],
    ]);
    expect(await yankedOf()).toEqual({
      [files.sdist10.filename]: false,
      [files.wheel10.filename]: false,
      [files.sdist11.filename]: 'broken "build" <1.1>',
      [files.wheel11.filename]: 'broken "build" <1.1>',
    });
    // The JSON API's current release is the newest one not yanked; the yanked one says so, with its reason.
    const project = (await (await get('/pypi/my-pkg/json')).json()) as { info: { version: string; yanked: boolean }; releases: Record<string, Array<{ yanked: boolean; yanked_reason: string | null }>> };
    expect(project.info).toMatchObject({ version: '1.0', yanked: false });
    expect(project.releases['1.1']!.map((file) => [file.yanked, file.yanked_reason])).toEqual([[true, 'broken "build" <1.1>'], [true, 'broken "build" <1.1>']]);
    const one = (await (await get('/pypi/my-pkg/1.1/json')).json()) as { info: { yanked: boolean; yanked_reason: string | null } };
    expect(one.info).toMatchObject({ yanked: true, yanked_reason: 'broken "build" <1.1>' });

    // The same reason again changes nothing; no reason is a bare yank (PEP 691: true; HTML: an empty attribute).
    expect((await alice.call('PUT', `${release('1.1')}/yank`, { reason: 'broken "build" <1.1>' })).body.outcome).toBe('unchanged');
    const bare = await alice.call('PUT', `${release('1.1')}/yank`, {});
    expect([bare.body.outcome, bare.body.yankedReason]).toEqual(['yanked', null]);
    expect((await yankedOf())[files.wheel11.filename]).toBe(true);
    expect(await html()).toContain(`data-yanked="">${files.wheel11.filename}<`);

    const unyanked = await alice.call('DELETE', `${release('1.1')}/yank`);
    expect([unyanked.status, unyanked.body]).toEqual([200, { outcome: 'unyanked', project: 'my-pkg', version: '1.1', yanked: false, yankedReason: null }]);
    expect(await html()).not.toContain('data-yanked');
    expect(Object.values(await yankedOf())).toEqual([false, false, false, false]);
    expect(((await (await get('/pypi/my-pkg/json')).json()) as { info: { version: string } }).info.version).toBe('1.1');
    expect((await alice.call('DELETE', `${release('1.1')}/yank`)).body.outcome).toBe('unchanged');

    expect((await alice.call('PUT', `${release('9.9')}/yank`, {})).status).toBe(404);
    expect((await alice.call('PUT', `${release('not a version')}/yank`, {})).status).toBe(404);
    expect((await alice.call('PUT', `${release('1.1')}/yank`, { reason: 7 })).status).toBe(400);
    expect((await alice.call('PUT', `${release('1.1')}/yank`, { reason: 'x'.repeat(1001) })).status).toBe(400);

    const events = await listEvents(registry.db, { projectId });
    expect(events.filter((event) => event.kind.startsWith('release.') && event.kind !== 'release.created').map((event) => [event.kind, event.userId, event.details])).toEqual([
      ['release.yanked', users.alice.id, { project: 'my-pkg', version: '1.1', reason: 'broken "build" <1.1>' }],
      ['release.yanked', users.alice.id, { project: 'my-pkg', version: '1.1', reason: null }],
      ['release.unyanked', users.alice.id, { project: 'my-pkg', version: '1.1' }],
    ]);
  });

  it('deletes a file: gone from the indexes and the storage, and its name is refused forever', async () => {
    const { registry, users, upload, files, get, simpleJson, storedPath, signIn, projectId } = await start();
    const fileUrl = `/files/${storageKeyForSha256(digestsOf(files.wheel10.bytes).sha256).split('/').slice(0, 2).join('/')}/${digestsOf(files.wheel10.bytes).sha256}/${files.wheel10.filename}`;
    expect((await get(fileUrl)).status).toBe(200);
    expect((await simpleJson()).files).toHaveLength(4);
    expect(existsSync(storedPath(files.wheel10))).toBe(true);
    expect(existsSync(`${storedPath(files.wheel10)}.metadata`)).toBe(true);

    const alice = await signIn('alice');
    expect((await alice.call('DELETE', `${release('1.1')}/files/${files.wheel10.filename}`)).status).toBe(404);
    const deleted = await alice.call('DELETE', `${release('1.0')}/files/${files.wheel10.filename}`);
    expect([deleted.status, deleted.body]).toEqual([200, { outcome: 'deleted', project: 'my-pkg', version: '1.0', filename: files.wheel10.filename }]);
    expect((await simpleJson()).files.map((file) => file.filename)).toEqual([files.sdist10.filename, files.wheel11.filename, files.sdist11.filename]);
    expect((await get(fileUrl)).status).toBe(404);
    expect(existsSync(storedPath(files.wheel10))).toBe(false);
    expect(existsSync(`${storedPath(files.wheel10)}.metadata`)).toBe(false);
    expect(existsSync(storedPath(files.sdist10))).toBe(true);
    expect((await alice.call('DELETE', `${release('1.0')}/files/${files.wheel10.filename}`)).status).toBe(404);

    // The same bytes under the same name, as PyPI answers it (twine prints the status line).
    const again = await upload('alice', files.wheel10);
    expect([again.status, again.statusText]).toEqual([400, `This filename has already been used, use a different version. See ${registry.config.publicUrl}/help/#file-name-reuse for more information.`]);
    // Other bytes under that name too; a file not deleted is still accepted again as itself.
    expect((await upload('alice', wheelOf('my-pkg', '1.0', { extra: 'other bytes' }))).status).toBe(400);
    expect((await upload('alice', files.sdist10)).status).toBe(200);
    expect((await simpleJson()).files).toHaveLength(3);

    const events = await listEvents(registry.db, { projectId, kind: 'file.deleted' });
    expect(events.map((event) => [event.userId, event.details])).toEqual([[users.alice.id, { project: 'my-pkg', version: '1.0', filename: files.wheel10.filename }]]);
  });

  it('answers 404, not 500, to a download whose file is deleted between its lookup and the reading of its bytes', async () => {
    const database = await createDatabaseForThisTest(testDatabase);
    // The real local storage, paused once on open() so that the deletion lands inside the download.
    const local = new LocalFileStorage(join(database.dataDir, 'files'));
    let pauseOpen: { reached: () => void; resume: Promise<void> } | undefined;
    const storage: FileStorage = Object.assign(Object.create(local) as FileStorage, {
      open: async (key: string) => {
        const pause = pauseOpen;
        pauseOpen = undefined;
        if (pause) {
          pause.reached();
          await pause.resume;
        }
        return local.open(key);
      },
    });
    const registry = await startRegistryForThisTest(database, {}, { storage });
    await createUser(registry.db, { username: 'alice', password });
    const wheel = wheelOf('my-pkg', '1.0');
    expect((await postUpload(registry.url, basicAuth('alice', password), twineBody(wheel))).status).toBe(200);
    const sha256 = digestsOf(wheel.bytes).sha256;
    const fileUrl = `${registry.url}/files/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}/${wheel.filename}`;

    let resume!: () => void;
    const reached = new Promise<void>((resolve) => {
      pauseOpen = { reached: resolve, resume: new Promise<void>((go) => (resume = go)) };
    });
    const download = fetch(fileUrl);
    await reached;
    const alice = await signInToApi(registry.url, 'alice', password);
    expect((await alice.call('DELETE', `${release('1.0')}/files/${wheel.filename}`)).status).toBe(200);
    resume();
    const answer = await download;
    expect([answer.status, (await answer.text()).trim()]).toEqual([404, 'File not found.']);
    // startRegistryForThisTest checks that the server logged no error.
  });

  it('deletes a release and a project (confirmed by name); their filenames stay used, the project name is free', async () => {
    const { registry, users, upload, files, get, simpleJson, storedPath, signIn, projectId } = await start();
    const alice = await signIn('alice');
    const deletedRelease = await alice.call('DELETE', release('1.1'));
    expect([deletedRelease.status, deletedRelease.body]).toEqual([200, { outcome: 'deleted', project: 'my-pkg', version: '1.1', files: [files.sdist11.filename, files.wheel11.filename].sort() }]);
    expect((await simpleJson()).versions).toEqual(['1.0']);
    expect(existsSync(storedPath(files.sdist11))).toBe(false);
    expect((await alice.call('DELETE', release('1.1'))).status).toBe(404);
    expect((await upload('alice', files.sdist11)).status).toBe(400);
    expect((await upload('alice', wheelOf('my-pkg', '1.2'))).status).toBe(200);

    const unconfirmed = await alice.call('DELETE', '/api/v1/projects/My_Pkg', { confirm: 'My_Pkg' });
    expect([unconfirmed.status, unconfirmed.statusText]).toEqual([400, "To delete the project, confirm its name exactly: 'my-pkg'."]);
    expect((await alice.call('DELETE', '/api/v1/projects/My_Pkg', {})).status).toBe(400);
    const deletedProject = await alice.call('DELETE', '/api/v1/projects/My_Pkg', { confirm: 'my-pkg' });
    expect([deletedProject.status, deletedProject.body]).toEqual([
      200,
      { outcome: 'deleted', project: 'my-pkg', releases: ['1.0', '1.2'], files: [files.sdist10.filename, files.wheel10.filename, wheelOf('my-pkg', '1.2').filename].sort() },
    ]);
    expect((await get('/simple/my-pkg/')).status).toBe(404);
    expect((await get('/pypi/my-pkg/json')).status).toBe(404);
    expect(await (await get('/simple/')).text()).not.toContain('my-pkg');
    expect(existsSync(storedPath(files.sdist10))).toBe(false);
    // Its roles and releases went with it.
    for (const table of ['projects', 'roles', 'releases', 'files']) expect(await registry.db(table).select('id'), table).toEqual([]);
    expect((await alice.call('DELETE', '/api/v1/projects/my-pkg', { confirm: 'my-pkg' })).status).toBe(404);

    // The project's history outlives it.
    const events = await listEvents(registry.db, { projectId });
    expect(events[0]!.kind).toBe('project.created');
    expect(events.filter((event) => event.kind.endsWith('.deleted')).map((event) => [event.kind, event.userId, event.details])).toEqual([
      ['release.deleted', users.alice.id, { project: 'my-pkg', version: '1.1', files: [files.sdist11.filename, files.wheel11.filename].sort() }],
      ['project.deleted', users.alice.id, { project: 'my-pkg', releases: ['1.0', '1.2'], files: [files.sdist10.filename, files.wheel10.filename, wheelOf('my-pkg', '1.2').filename].sort() }],
    ]);

    // Anyone may create the name anew (as on PyPI), but never with a deleted file's name.
    const reused = await upload('bob', files.sdist10);
    expect([reused.status, reused.statusText]).toEqual([400, `This filename has already been used, use a different version. See ${registry.config.publicUrl}/help/#file-name-reuse for more information.`]);
    expect((await upload('bob', sdistOf('my-pkg', '2.0'))).status).toBe(200);
    const collaborators = (await (await get('/api/v1/projects/my-pkg/collaborators')).json()) as { collaborators: Array<{ username: string; role: string }> };
    expect(collaborators.collaborators.map(({ username, role }) => [username, role])).toEqual([['bob', 'owner']]);
    expect((await upload('alice', sdistOf('my-pkg', '3.0'))).status).toBe(403);
  });

  it('lets only owners and administrators manage releases; administrators act on any project, named in the events', async () => {
    const { registry, users, files, simpleJson, yankedOf, signIn, projectId } = await start();
    const alice = await signIn('alice');
    expect((await alice.call('POST', '/api/v1/projects/my-pkg/collaborators', { username: 'bob', role: 'maintainer' })).status).toBe(201);
    const bob = await signIn('bob');
    const refused = await bob.call('PUT', `${release('1.0')}/yank`, {});
    expect([refused.status, refused.statusText]).toEqual([403, "Only owners of 'my-pkg' can yank its releases."]);
    expect((await bob.call('DELETE', `${release('1.0')}/files/${files.sdist10.filename}`)).statusText).toBe("Only owners of 'my-pkg' can delete its files.");
    expect((await bob.call('DELETE', release('1.0'))).statusText).toBe("Only owners of 'my-pkg' can delete its releases.");
    expect((await bob.call('DELETE', '/api/v1/projects/my-pkg', { confirm: 'my-pkg' })).statusText).toBe("Only owners of 'my-pkg' can delete it.");
    const anonymous = await fetch(`${registry.url}${release('1.0')}`, { method: 'DELETE' });
    expect(anonymous.status).toBe(401);
    expect((await simpleJson()).files).toHaveLength(4);

    // root owns nothing, but administers everything.
    const root = await signIn('root');
    expect((await root.call('PUT', `${release('1.0')}/yank`, { reason: 'malware' })).status).toBe(200);
    expect((await yankedOf())[files.sdist10.filename]).toBe('malware');
    expect((await root.call('DELETE', `${release('1.1')}/files/${files.wheel11.filename}`)).status).toBe(200);
    expect((await root.call('POST', '/api/v1/projects/my-pkg/collaborators', { username: 'bob', role: 'owner' })).status).toBe(200);
    expect((await root.call('DELETE', '/api/v1/projects/my-pkg/collaborators/alice')).status).toBe(200);
    expect((await root.call('PUT', '/api/v1/projects/my-pkg/policy', { require2fa: false })).status).toBe(200);
    expect((await root.call('DELETE', release('1.1'))).status).toBe(200);

    const events = await listEvents(registry.db, { projectId });
    expect(events.filter((event) => event.userId === users.root.id).map((event) => [event.kind, event.details])).toEqual([
      ['release.yanked', { project: 'my-pkg', version: '1.0', reason: 'malware', asAdmin: true }],
      ['file.deleted', { project: 'my-pkg', version: '1.1', filename: files.wheel11.filename, asAdmin: true }],
      ['project.collaborator_role_changed', { project: 'my-pkg', username: 'bob', role: 'owner', previousRole: 'maintainer', asAdmin: true }],
      ['project.collaborator_removed', { project: 'my-pkg', username: 'alice', role: 'owner', asAdmin: true }],
      ['project.policy_changed', { require2fa: false, asAdmin: true }],
      ['release.deleted', { project: 'my-pkg', version: '1.1', files: [files.sdist11.filename], asAdmin: true }],
    ]);
    // An owner's own actions are not marked.
    expect(events.find((event) => event.kind === 'project.collaborator_added')!.details).toEqual({ project: 'my-pkg', username: 'bob', role: 'maintainer' });
    // Alice is no collaborator any more, so she can do nothing; root still can.
    expect((await alice.call('DELETE', '/api/v1/projects/my-pkg', { confirm: 'my-pkg' })).status).toBe(403);
    expect((await root.call('DELETE', '/api/v1/projects/my-pkg', { confirm: 'my-pkg' })).status).toBe(200);
    expect((await listEvents(registry.db, { kind: 'project.deleted' }))[0]).toMatchObject({ userId: users.root.id, details: { asAdmin: true } });
  });

  it('keeps the stored bytes of a deleted file that a row refers to again, or that were written again since', async () => {
    const { registry, files, storedPath } = await start();
    const key = storageKeyForSha256(digestsOf(files.sdist10.bytes).sha256);
    const modifiedMs = await registry.storage.modifiedMs(key);
    // A row still refers to them (as an upload of the same bytes under another name would).
    await removeRetiredFiles(registry.db, registry.storage, [{ storageKey: key, keys: [{ key, modifiedMs }] }]);
    expect(existsSync(storedPath(files.sdist10))).toBe(true);
    await registry.db('files').where('storage_key', key).delete();
    // Written since the deletion read their time (such an upload, before its commit).
    await removeRetiredFiles(registry.db, registry.storage, [{ storageKey: key, keys: [{ key, modifiedMs: modifiedMs! - 1000 }] }]);
    expect(existsSync(storedPath(files.sdist10))).toBe(true);
    await removeRetiredFiles(registry.db, registry.storage, [{ storageKey: key, keys: [{ key, modifiedMs }] }]);
    expect(existsSync(storedPath(files.sdist10))).toBe(false);
  });
});

// SQLite runs one write transaction at a time; PostgreSQL lets an upload and a deletion of its project or release overlap.
describe.each(testDatabases.filter((database) => database.kind === 'postgres'))('uploads during a deletion on $kind', (testDatabase) => {
  it('an upload that waited for the deletion of its release or project creates them anew (no foreign-key failure)', async () => {
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase));
    await createUser(registry.db, { username: 'alice', password });
    const upload = (distribution: Distribution) => postUpload(registry.url, basicAuth('alice', password), twineBody(distribution));
    expect((await upload(sdistOf('my-pkg', '1.0'))).status).toBe(200);
    /** Until a backend of this database waits for a lock (the upload, behind the deletion's). */
    const lockWaited = async () => {
      for (;;) {
        const { rows } = (await registry.db.raw("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")) as { rows: Array<{ n: number }> };
        if (rows[0]!.n > 0) return;
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    // As deleteRelease and deleteProject do: the row locked FOR UPDATE, deleted, committed while the upload waits.
    const deleteWhileUploading = async (table: 'releases' | 'projects', distribution: Distribution) => {
      const trx = await registry.db.transaction();
      const row = (await trx(table).select('id').forUpdate().first()) as { id: number };
      await trx(table).where('id', row.id).delete();
      const answer = upload(distribution);
      await lockWaited();
      await trx.commit();
      return answer;
    };

    expect((await deleteWhileUploading('releases', wheelOf('my-pkg', '1.0'))).status).toBe(200);
    expect((await registry.db('releases').select('version'))).toEqual([{ version: '1.0' }]);
    expect((await deleteWhileUploading('projects', wheelOf('my-pkg', '2.0'))).status).toBe(200);
    expect((await registry.db('releases').select('version'))).toEqual([{ version: '2.0' }]);
    expect((await registry.db('projects').join('roles', 'roles.project_id', 'projects.id').select('projects.name', 'roles.role'))).toEqual([{ name: 'my-pkg', role: 'owner' }]);
  });
});
