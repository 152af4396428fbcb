/*
 * Release management end to end with the real tools from Debian 12 (twine 4.0.2, pip 23.0.1): twine uploads 1.0 and
 * 1.1 of a tiny project; 1.1 is yanked with a reason (pip then picks 1.0, unless 1.1 is pinned: then it warns with
 * the reason), un-yanked (pip picks 1.1 again); 1.1's wheel is deleted (pip no longer sees it) and twine cannot
 * upload it again, printing the registry's message. Runs on SQLite and, when available, PostgreSQL.
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../packages/registry/src/accounts/createUser.js';
import { signInToApi } from '../apiSession.js';
import { createDatabaseForThisTest } from '../createDatabaseForThisTest.js';
import { startRegistryForThisTest } from '../startRegistryForThisTest.js';
import { testDatabases } from '../testDatabases.js';
import { buildTinyProject, type BuiltProject } from './buildTinyProject.js';
import { makeVenv } from './makeVenv.js';
import { describeResult, runTool } from './runTool.js';
import { toolEnvironment } from './toolEnvironment.js';

const password = 'correct horse battery';
let workDir: string;
let env: NodeJS.ProcessEnv;
let v10: BuiltProject;
let v11: BuiltProject;
let venv: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'keybridge-e2e-release-'));
  env = toolEnvironment(join(workDir, 'home'));
  await mkdir(join(workDir, 'home'));
  [v10, v11, venv] = await Promise.all([
    buildTinyProject(join(workDir, 'v1.0'), 'one point oh', env, '1.0'),
    buildTinyProject(join(workDir, 'v1.1'), 'one point one', env, '1.1'),
    makeVenv(join(workDir, 'venv'), env),
  ]);
}, 120_000);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe.each(testDatabases)('twine and pip through yank, un-yank and delete on $kind', (testDatabase) => {
  it('pip follows each state, and twine is refused a deleted filename', async () => {
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase));
    await createUser(registry.db, { username: 'alice', password });
    const twineUpload = (files: readonly string[], ...options: string[]) =>
      runTool('/usr/bin/twine', ['upload', '--repository-url', `${registry.url}/legacy/`, '-u', 'alice', '-p', password, '--non-interactive', '--disable-progress-bar', ...options, ...files], {
        cwd: workDir,
        env,
      });
    let downloads = 0;
    /** The wheel pip downloads for `requirement` (wheels only: building an sdist would need setuptools from the index). */
    const pipDownload = async (requirement: string) => {
      const dest = join(workDir, `download-${testDatabase.kind}-${++downloads}`);
      const args = ['-m', 'pip', 'download', '--index-url', `${registry.url}/simple/`, '--no-cache-dir', '--no-deps', '--only-binary', ':all:', '--dest', dest, requirement];
      const result = await runTool(join(venv, 'bin', 'python'), args, { cwd: workDir, env });
      expect(result.code, describeResult(`pip download ${requirement}`, result)).toBe(0);
      return { files: await readdir(dest), output: plain(result.output) };
    };

    const uploaded = await twineUpload([v10.sdist, v10.wheel, v11.sdist, v11.wheel]);
    expect(uploaded.code, describeResult('twine upload', uploaded)).toBe(0);
    expect((await pipDownload('tinyproject')).files).toEqual([basename(v11.wheel)]);

    const alice = await signInToApi(registry.url, 'alice', password);
    expect((await alice.call('PUT', '/api/v1/projects/tinyproject/releases/1.1/yank', { reason: 'broken build' })).status).toBe(200);
    const unpinned = await pipDownload('tinyproject');
    expect(unpinned.files).toEqual([basename(v10.wheel)]);
    expect(unpinned.output).not.toContain('yanked');
    const pinned = await pipDownload('tinyproject==1.1');
    expect(pinned.files).toEqual([basename(v11.wheel)]);
    expect(pinned.output).toMatch(/WARNING: The candidate selected for download or install is a yanked version: 'tinyproject' candidate \(version 1\.1 at .*\) Reason for being yanked: broken build/);

    expect((await alice.call('DELETE', '/api/v1/projects/tinyproject/releases/1.1/yank')).status).toBe(200);
    const unyanked = await pipDownload('tinyproject');
    expect(unyanked.files).toEqual([basename(v11.wheel)]);
    expect(unyanked.output).not.toContain('yanked');

    expect((await alice.call('DELETE', `/api/v1/projects/tinyproject/releases/1.1/files/${basename(v11.wheel)}`)).status).toBe(200);
    expect((await pipDownload('tinyproject')).files).toEqual([basename(v10.wheel)]);

    const again = await twineUpload([v11.wheel]);
    expect(again.code).not.toBe(0);
    // twine prints the status code, its standard phrase, then the registry's status line (wrapped by rich).
    expect(plain(again.output)).toContain(`HTTPError: 400 Bad Request from ${registry.url}/legacy/ This filename has already been used, use a different version. See ${registry.config.publicUrl}/help/#file-name-reuse for more information.`);
    // Not taken for "File already exists": the file is not there.
    const skipping = await twineUpload([v11.wheel], '--skip-existing');
    expect(skipping.code).not.toBe(0);
    expect(plain(skipping.output)).toContain('This filename has already been used');
    expect((await pipDownload('tinyproject')).files).toEqual([basename(v10.wheel)]);
  }, 120_000);
});

/** A tool's output without colours, its whitespace runs (rich wraps lines) as one space. */
function plain(output: string): string {
  return output.replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+/g, ' ');
}
