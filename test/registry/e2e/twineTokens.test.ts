/*
 * End to end with Debian 12's twine 4.0.2 and API tokens (TWINE_USERNAME=__token__, TWINE_PASSWORD=the token, as
 * PyPI's docs tell): an account token uploads a tiny project built with python3-build; a project token uploads to
 * its project and is refused for another; a revoked and an expired token are refused; and in each refusal twine shows
 * the reason the registry gave, and nothing of the refused upload is left behind (no row, no stored or temporary file).
 * The registry's clock is injected (expiry without sleeping). Runs on every database of testDatabases.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listEvents } from '../../../packages/registry/src/events/listEvents.js';
import type { RunningRegistry } from '../../../packages/registry/src/server/startRegistry.js';
import { createDatabaseForThisTest } from '../createDatabaseForThisTest.js';
import { sdistOf, type Distribution } from '../distributions.js';
import { startRegistryForThisTest } from '../startRegistryForThisTest.js';
import { testDatabases } from '../testDatabases.js';
import { mintToken, revokeToken, signUp, tokenTestPassword } from '../tokenAccounts.js';
import { basicAuth, postUpload, twineBody } from '../uploadRequests.js';
import { oathtoolCode } from '../../support/oathtool.js';
import { buildTinyProject, type BuiltProject } from './buildTinyProject.js';
import { recordResponses, type RecordedResponse } from './recordResponses.js';
import { describeResult, runTool, type ToolResult } from './runTool.js';
import { toolEnvironment } from './toolEnvironment.js';

let workDir: string;
let env: NodeJS.ProcessEnv;
/** tinyproject 0.1.0, sdist and wheel, built by python3-build. */
let project: BuiltProject;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'keybridge-e2e-tokens-'));
  // A wide terminal for rich, so that twine's error lines are not wrapped inside the reason.
  env = { ...toolEnvironment(join(workDir, 'home')), COLUMNS: '250' };
  await mkdir(join(workDir, 'home'));
  project = await buildTinyProject(join(workDir, 'tinyproject'), 'hello from a token upload', env);
}, 120_000);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe.each(testDatabases)('twine 4 uploads with API tokens on $kind', (testDatabase) => {
  /** A registry whose clock the test moves (epoch ms), recording every response, with alice signed up. */
  async function start() {
    const clock = { now: Date.UTC(2026, 11, 4, 12, 0, 0) };
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase), {}, { now: () => clock.now });
    const responses = recordResponses(registry.server);
    const alice = await signUp(registry.url, 'alice');
    return { registry, clock, responses, alice };
  }

  /** twine upload with `token` as the password of __token__, given in the environment as CI systems do. */
  const twineUpload = (registry: RunningRegistry, token: string, files: readonly string[]) =>
    runTool('/usr/bin/twine', ['upload', '--repository-url', `${registry.url}/legacy/`, '--non-interactive', '--disable-progress-bar', ...files], {
      cwd: workDir,
      env: { ...env, TWINE_USERNAME: '__token__', TWINE_PASSWORD: token },
    });
  /** twine's output with rich's colours and line breaks taken out. */
  const flat = (result: ToolResult) => result.output.replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+/g, ' ');
  /** What twine prints for a 403 whose status line is the registry's refusal `reason`. */
  const refusalShown = (registry: RunningRegistry, reason: string) =>
    `HTTPError: 403 Forbidden from ${registry.url}/legacy/ Invalid API token: ${reason}. See ${registry.config.publicUrl}/help/#invalid-auth-token for more information.`;
  const uploadsAnswered = (responses: readonly RecordedResponse[]) => responses.filter((response) => response.method === 'POST' && response.path === '/legacy/').map((response) => response.status);

  /** A synthetic distribution (test/registry/distributions.ts) as a file twine can upload. */
  async function writeDistribution(distribution: Distribution): Promise<string> {
    const directory = await mkdtemp(join(workDir, 'dist-'));
    const path = join(directory, distribution.filename);
    await writeFile(path, distribution.bytes);
    return path;
  }

  /**
   * The registry's files agree with its rows: storage holds exactly each file row's key (and the .metadata of each
   * wheel), nothing is left in its temporary directory, and every release and project has what refers to it.
   */
  async function expectConsistentStorage(registry: RunningRegistry): Promise<void> {
    const rows = (await registry.db('files').select('storage_key', 'metadata_sha256')) as Array<{ storage_key: string; metadata_sha256: string | null }>;
    const expected = rows.flatMap((row) => (row.metadata_sha256 ? [row.storage_key, `${row.storage_key}.metadata`] : [row.storage_key])).sort();
    const stored = (await listFiles(registry.config.storageDir)).map((path) => relative(registry.config.storageDir, path));
    expect(stored.filter((path) => !path.startsWith('tmp/')).sort()).toEqual(expected);
    expect(stored.filter((path) => path.startsWith('tmp/'))).toEqual([]);
    const releasesWithoutFiles = await registry.db('releases').whereNotExists(registry.db('files').select('id').whereRaw('files.release_id = releases.id')).select('version');
    expect(releasesWithoutFiles).toEqual([]);
    const projectsWithoutReleases = await registry.db('projects').whereNotExists(registry.db('releases').select('id').whereRaw('releases.project_id = projects.id')).select('name');
    expect(projectsWithoutReleases).toEqual([]);
  }

  it('uploads the built sdist and wheel with an account token, as its user, recording the token', async () => {
    const { registry, responses, alice } = await start();
    const account = await mintToken(alice, { name: 'laptop' });
    const result = await twineUpload(registry, account.token, [project.sdist, project.wheel]);
    expect(result.code, describeResult('twine upload (account token)', result)).toBe(0);
    expect(result.output).not.toContain(account.token.slice(4, 40));
    expect(uploadsAnswered(responses)).toEqual([200, 200]);
    expect(responses.find((response) => response.path === '/legacy/')!.userAgent).toMatch(/^twine\/4\.0\.2 /);

    const files = (await registry.db('files').select('filename', 'sha256', 'uploaded_by').orderBy('filename')) as Array<{ filename: string; sha256: string; uploaded_by: number }>;
    const local = await Promise.all([project.sdist, project.wheel].map(async (path) => ({ filename: basename(path), sha256: sha256(await readFile(path)), uploaded_by: alice.id })));
    expect(files).toEqual(local.sort((a, b) => (a.filename < b.filename ? -1 : 1)));
    expect(await registry.db('roles').select('user_id', 'role')).toEqual([{ user_id: alice.id, role: 'owner' }]);
    const uploads = await listEvents(registry.db, { kind: 'file.uploaded' });
    expect(uploads.map((event) => [event.userId, event.details.tokenId])).toEqual([
      [alice.id, account.id],
      [alice.id, account.id],
    ]);
    await expectConsistentStorage(registry);
  });

  it('a 2FA account: twine with its password shows PyPI\'s message and uploads nothing; with a token it uploads', async () => {
    const { registry, clock, responses, alice } = await start();
    const headers = { 'x-csrf-token': alice.csrfToken };
    const { secret } = (await (await alice.browser.request('/api/v1/2fa/totp', { method: 'POST', headers })).json()) as { secret: string };
    const confirmed = await alice.browser.request('/api/v1/2fa/totp/confirm', { method: 'POST', headers, json: { code: oathtoolCode(secret, clock.now) } });
    expect(confirmed.status).toBe(200);
    const withPassword = await runTool('/usr/bin/twine', ['upload', '--repository-url', `${registry.url}/legacy/`, '--non-interactive', '--disable-progress-bar', project.sdist], {
      cwd: workDir,
      env: { ...env, TWINE_USERNAME: 'alice', TWINE_PASSWORD: tokenTestPassword },
    });
    expect(withPassword.code).not.toBe(0);
    expect(flat(withPassword)).toContain(`HTTPError: 403 Forbidden from ${registry.url}/legacy/ User alice has two factor auth enabled, an API token must be used to upload in place of password.`);
    expect(await registry.db('files').count({ count: '*' })).toEqual([{ count: testDatabase.kind === 'postgres' ? '0' : 0 }]);
    const { token } = await mintToken(alice, { name: 'ci' });
    const withToken = await twineUpload(registry, token, [project.sdist]);
    expect(withToken.code, describeResult('twine upload (token of a 2FA account)', withToken)).toBe(0);
    expect(uploadsAnswered(responses)).toEqual([403, 200]);
    await expectConsistentStorage(registry);
  });

  it('uploads a new version with a project token, and twine shows why the token is refused for another project', async () => {
    const { registry, responses, alice } = await start();
    // alice owns both projects (made with her password): only the token's scope can stop the second upload.
    for (const distribution of [sdistOf('tinyproject', '0.0.1'), sdistOf('otherproject', '1.0')]) {
      expect((await postUpload(registry.url, basicAuth('alice', tokenTestPassword), twineBody(distribution))).status).toBe(200);
    }
    const scoped = await mintToken(alice, { name: 'ci', projects: ['TinyProject'] });

    const allowed = await twineUpload(registry, scoped.token, [project.sdist, project.wheel]);
    expect(allowed.code, describeResult('twine upload (project token, its project)', allowed)).toBe(0);
    const versions = await registry.db('releases').join('projects', 'projects.id', 'releases.project_id').select('projects.normalized_name as project', 'releases.version').orderBy(['project', 'version']);
    expect(versions).toEqual([
      { project: 'otherproject', version: '1.0' },
      { project: 'tinyproject', version: '0.0.1' },
      { project: 'tinyproject', version: '0.1.0' },
    ]);

    const filesBefore = await registry.db('files').select('filename').orderBy('filename');
    const refused = await twineUpload(registry, scoped.token, [await writeDistribution(sdistOf('otherproject', '2.0'))]);
    expect(refused.code, describeResult('twine upload (project token, another project)', refused)).not.toBe(0);
    expect(flat(refused)).toContain(refusalShown(registry, "token is scoped to project 'tinyproject', not 'otherproject'"));
    expect(refused.output).not.toContain(scoped.token.slice(4, 40));
    expect(uploadsAnswered(responses)).toEqual([200, 200, 200, 200, 403]);

    // Nothing of the refused upload: no release, no file, no event, nothing stored.
    expect(await registry.db('files').select('filename').orderBy('filename')).toEqual(filesBefore);
    expect(await registry.db('releases').where('version', '2.0').first()).toBeUndefined();
    const uploads = await listEvents(registry.db, { kind: 'file.uploaded' });
    expect(uploads.map((event) => [event.details.filename, event.details.tokenId]).sort()).toEqual(
      [['otherproject-1.0.tar.gz', null], ['tinyproject-0.0.1.tar.gz', null], [basename(project.sdist), scoped.id], [basename(project.wheel), scoped.id]].sort(),
    );
    await expectConsistentStorage(registry);
  });

  it('twine shows why a revoked token and an expired one are refused, and nothing is uploaded', async () => {
    const { registry, clock, responses, alice } = await start();
    const revoked = await mintToken(alice, { name: 'revoked' });
    expect((await revokeToken(alice, revoked.id)).status).toBe(200);
    const expiring = await mintToken(alice, { name: 'expiring', expiresAt: Math.floor(clock.now / 1000) + 3600 });

    const revokedRun = await twineUpload(registry, revoked.token, [project.sdist, project.wheel]);
    expect(revokedRun.code, describeResult('twine upload (revoked token)', revokedRun)).not.toBe(0);
    expect(flat(revokedRun)).toContain(refusalShown(registry, 'token was revoked'));

    // An hour later, to the second: the expiring token has expired.
    clock.now += 3600 * 1000;
    const expiredRun = await twineUpload(registry, expiring.token, [project.sdist, project.wheel]);
    expect(expiredRun.code, describeResult('twine upload (expired token)', expiredRun)).not.toBe(0);
    expect(flat(expiredRun)).toContain(refusalShown(registry, 'token expired'));
    for (const [run, token] of [[revokedRun, revoked.token], [expiredRun, expiring.token]] as const) expect(run.output).not.toContain(token.slice(4, 40));

    // twine stops at the first refusal: one request each, and nothing of either was kept.
    expect(uploadsAnswered(responses)).toEqual([403, 403]);
    for (const table of ['projects', 'releases', 'files', 'roles']) expect(await registry.db(table).select('id'), table).toEqual([]);
    expect(await listEvents(registry.db, { kind: 'file.uploaded' })).toEqual([]);
    // Neither refusal is a bad token: the per-address limit counted none, and neither token is marked as used.
    expect(await registry.db('rate_limit_buckets').select('bucket_key')).toEqual([]);
    expect(await registry.db('api_tokens').whereNotNull('last_used_at').select('id')).toEqual([]);
    await expectConsistentStorage(registry);
  });
});

async function listFiles(directory: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const nested = await Promise.all(entries.map((entry) => (entry.isDirectory() ? listFiles(join(directory, entry.name)) : [join(directory, entry.name)])));
  return nested.flat();
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
