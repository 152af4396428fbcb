import { describe, expect, it } from 'vitest';
import { createUser } from '../../packages/registry/src/accounts/createUser.js';
import { listEvents } from '../../packages/registry/src/events/listEvents.js';
import { signInToApi } from './apiSession.js';
import { sdistOf, wheelOf } from './distributions.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { startRegistryForThisTest } from './startRegistryForThisTest.js';
import { testDatabases } from './testDatabases.js';
import { basicAuth, postUpload, twineBody } from './uploadRequests.js';

const password = 'correct horse battery';

describe.each(testDatabases)('project collaborators on $kind', (testDatabase) => {
  async function start() {
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase));
    const users = {
      alice: await createUser(registry.db, { username: 'alice', password }),
      bob: await createUser(registry.db, { username: 'Bob', password }),
      carol: await createUser(registry.db, { username: 'carol', password }),
    };
    const signIn = (username: string) => signInToApi(registry.url, username, password);
    const upload = async (username: string, distribution: ReturnType<typeof sdistOf>) =>
      (await postUpload(registry.url, basicAuth(username, password), twineBody(distribution))).status;
    return { registry, users, signIn, upload };
  }

  const collaborators = '/api/v1/projects/My_Pkg/collaborators';

  it('lets owners add, promote and remove collaborators, and uploads follow the roles', async () => {
    const { registry, users, signIn, upload } = await start();
    expect(await upload('alice', sdistOf('my-pkg', '1.0'))).toBe(200);
    expect(await upload('bob', wheelOf('my-pkg', '1.0'))).toBe(403);

    const listed = await fetch(`${registry.url}${collaborators}`);
    expect(await listed.json()).toMatchObject({ project: 'my-pkg', collaborators: [{ username: 'alice', role: 'owner' }] });

    const alice = await signIn('alice');
    const added = await alice.call('POST', collaborators, { username: 'bob' });
    expect([added.status, added.body]).toEqual([201, { outcome: 'added', project: 'my-pkg', username: 'Bob', role: 'maintainer' }]);
    expect(await upload('bob', wheelOf('my-pkg', '1.0'))).toBe(200);

    const again = await alice.call('POST', collaborators, { username: 'BOB', role: 'maintainer' });
    expect([again.status, again.body.outcome]).toEqual([200, 'unchanged']);
    const promoted = await alice.call('POST', collaborators, { username: 'bob', role: 'owner' });
    expect([promoted.status, promoted.body.outcome]).toEqual([200, 'changed']);

    // Bob, now an owner, removes Alice; then he is the last owner and cannot leave or step down.
    const bob = await signIn('bob');
    const removed = await bob.call('DELETE', `${collaborators}/alice`);
    expect([removed.status, removed.body]).toEqual([200, { project: 'my-pkg', username: 'alice', role: 'owner', outcome: 'removed' }]);
    expect(await upload('alice', wheelOf('my-pkg', '2.0'))).toBe(403);
    const leave = await bob.call('DELETE', collaborators, { username: 'bob' });
    expect([leave.status, leave.statusText]).toEqual([409, "Cannot remove the last owner of 'my-pkg': add another owner first."]);
    expect((leave.body.error as { code: string }).code).toBe('last_owner');
    const stepDown = await bob.call('POST', collaborators, { username: 'bob', role: 'maintainer' });
    expect(stepDown.status).toBe(409);

    const list = await bob.call('GET', collaborators);
    expect((list.body.collaborators as Array<{ username: string; role: string }>).map(({ username, role }) => [username, role])).toEqual([['Bob', 'owner']]);

    const project = (await registry.db('projects').select('id').first()) as { id: number };
    const events = await listEvents(registry.db, { projectId: project.id });
    expect(events.filter((event) => event.kind.startsWith('project.collaborator')).map((event) => [event.kind, event.userId, event.details])).toEqual([
      ['project.collaborator_added', users.alice.id, { project: 'my-pkg', username: 'Bob', role: 'maintainer' }],
      ['project.collaborator_role_changed', users.alice.id, { project: 'my-pkg', username: 'Bob', role: 'owner', previousRole: 'maintainer' }],
      ['project.collaborator_removed', users.bob.id, { project: 'my-pkg', username: 'alice', role: 'owner' }],
    ]);
  });

  it('refuses non-owners, strangers, unknown users and projects, and bad bodies', async () => {
    const { registry, signIn, upload } = await start();
    expect(await upload('alice', sdistOf('my-pkg', '1.0'))).toBe(200);
    const alice = await signIn('alice');
    expect((await alice.call('POST', collaborators, { username: 'bob' })).status).toBe(201);

    const anonymous = await fetch(`${registry.url}${collaborators}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'carol' }) });
    expect(anonymous.status).toBe(401);

    const bob = await signIn('bob');
    const byMaintainer = await bob.call('POST', collaborators, { username: 'carol' });
    expect([byMaintainer.status, byMaintainer.statusText]).toEqual([403, "Only owners of 'my-pkg' can manage its collaborators."]);
    expect((await bob.call('DELETE', `${collaborators}/alice`)).status).toBe(403);
    const carol = await signIn('carol');
    expect((await carol.call('DELETE', `${collaborators}/bob`)).status).toBe(403);

    expect((await alice.call('POST', collaborators, { username: 'nobody' })).status).toBe(404);
    expect((await alice.call('POST', '/api/v1/projects/nothing/collaborators', { username: 'bob' })).status).toBe(404);
    expect((await alice.call('DELETE', `${collaborators}/carol`)).status).toBe(404);
    expect((await alice.call('POST', collaborators, { username: 'carol', role: 'admin' })).status).toBe(400);
    expect((await alice.call('POST', collaborators, { role: 'owner' })).status).toBe(400);
    expect((await fetch(`${registry.url}/api/v1/projects/nothing/collaborators`)).status).toBe(404);

    const roles = (await registry.db('roles').join('users', 'users.id', 'roles.user_id').select('users.username', 'roles.role')) as Array<{ username: string; role: string }>;
    expect(roles.sort((a, b) => (a.username < b.username ? -1 : 1))).toEqual([
      { username: 'Bob', role: 'maintainer' },
      { username: 'alice', role: 'owner' },
    ]);
  });
});
