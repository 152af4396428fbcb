/*
 * End to end with the real tools from Debian 12: twine 4.0.2 uploads a tiny project's sdist and wheel (built offline
 * with python3-build) to a registry started here, and pip 23.0.1 installs it from the Simple API into a fresh venv.
 * Runs on SQLite and, when KEYBRIDGE_TEST_DATABASE_URL is set (test/globalSetup/postgres.ts), on PostgreSQL.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRegistry } from '../../../packages/registry/src/server/startRegistry.js';
import { startTestRegistry } from '../startTestRegistry.js';
import { testDatabases, type FreshDatabase } from '../testDatabases.js';
import { buildTinyProject, type BuiltProject } from './buildTinyProject.js';
import { makeVenv } from './makeVenv.js';
import { recordResponses, type RecordedResponse } from './recordResponses.js';
import { describeResult, runTool } from './runTool.js';
import { startAcceptRewritingProxy } from './startAcceptRewritingProxy.js';
import { toolEnvironment } from './toolEnvironment.js';

const python = '/usr/bin/python3';
const greeting = 'hello from tinyproject';
const username = 'alice';
const password = `e2e-${randomBytes(12).toString('hex')}`;

let workDir: string;
let env: NodeJS.ProcessEnv;
let project: BuiltProject;
/** The same project with another module: an sdist with the same filename and other bytes. */
let variant: BuiltProject;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'keybridge-e2e-'));
  env = toolEnvironment(join(workDir, 'home'));
  await mkdir(join(workDir, 'home'));
  [project, variant] = await Promise.all([
    buildTinyProject(join(workDir, 'tinyproject'), greeting, env),
    buildTinyProject(join(workDir, 'variant'), 'another greeting', env),
  ]);
}, 120_000);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe.each(testDatabases)('twine 4 uploads and pip installs on $kind', (testDatabase) => {
  let database: FreshDatabase;
  let registry: RunningRegistry & { loggedErrors: string[] };
  let responses: RecordedResponse[];
  let venv: Promise<string>;

  beforeAll(async () => {
    // The venv (ensurepip takes seconds) is made while the first tests run.
    venv = makeVenv(join(workDir, `venv-${testDatabase.kind}`), env);
    venv.catch(() => {});
    database = await testDatabase.create();
    registry = await startTestRegistry(database);
    responses = recordResponses(registry.server);
  });

  afterAll(async () => {
    await registry?.close();
    await database?.destroy();
    // Not one request of the whole run may have been answered with a server error.
    expect(responses.filter((response) => response.status >= 500)).toEqual([]);
    expect(registry.loggedErrors).toEqual([]);
  });

  const twineUpload = (files: readonly string[], ...options: string[]) =>
    runTool('/usr/bin/twine', ['upload', '--repository-url', `${registry.url}/legacy/`, '-u', username, '-p', password, '--non-interactive', '--disable-progress-bar', ...options, ...files], {
      cwd: workDir,
      env,
    });

  it('signs up a user through the JSON API', async () => {
    const response = await fetch(`${registry.url}/api/v1/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    expect(response.status).toBe(201);
  });

  it('uploads the sdist and the wheel with twine', async () => {
    const result = await twineUpload([project.sdist, project.wheel]);
    expect(result.code, describeResult('twine upload', result)).toBe(0);
    const uploads = responses.filter((response) => response.method === 'POST' && response.path === '/legacy/');
    expect(uploads.map((response) => response.status)).toEqual([200, 200]);
    expect(uploads[0]!.userAgent).toMatch(/^twine\/4\.0\.2 /);

    // The index lists both files with the hashes and sizes of the local ones.
    const index = (await (await fetch(`${registry.url}/simple/tinyproject/`, { headers: { accept: 'application/vnd.pypi.simple.v1+json' } })).json()) as {
      versions: string[];
      files: Array<{ filename: string; hashes: { sha256: string }; size: number; 'core-metadata': false | { sha256: string }; 'requires-python'?: string }>;
    };
    expect(index.versions).toEqual(['0.1.0']);
    const local = await Promise.all([project.wheel, project.sdist].map(async (path) => ({ filename: basename(path), bytes: await readFile(path) })));
    expect(index.files.map((file) => [file.filename, file.hashes.sha256, file.size])).toEqual(
      local.map((file) => [file.filename, sha256(file.bytes), file.bytes.length]),
    );
    expect(index.files.map((file) => file['requires-python'])).toEqual(['>=3.7', '>=3.7']);
    // The wheel's METADATA is served (PEP 658) byte for byte as in the wheel.
    const metadata = await unzipMember(project.wheel, 'tinyproject-0.1.0.dist-info/METADATA');
    expect(index.files[0]!['core-metadata']).toEqual({ sha256: sha256(metadata) });
    expect(index.files[1]!['core-metadata']).toBe(false);

    const json = (await (await fetch(`${registry.url}/pypi/tinyproject/json`)).json()) as { info: { version: string; summary: string; requires_python: string }; urls: unknown[] };
    expect(json.info).toMatchObject({ version: '0.1.0', summary: "A tiny project for the registry's end-to-end test", requires_python: '>=3.7' });
    expect(json.urls).toHaveLength(2);
  });

  it('accepts the same files again, and with --skip-existing', async () => {
    const again = await twineUpload([project.sdist, project.wheel]);
    expect(again.code, describeResult('twine upload (again)', again)).toBe(0);
    const skipping = await twineUpload([project.sdist, project.wheel], '--skip-existing');
    expect(skipping.code, describeResult('twine upload --skip-existing', skipping)).toBe(0);
    expect(responses.filter((response) => response.path === '/legacy/').map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('refuses another file under a taken name, and twine shows the 400 "File already exists"', async () => {
    expect(basename(variant.sdist)).toBe(basename(project.sdist));
    const result = await twineUpload([variant.sdist]);
    expect(result.code).not.toBe(0);
    // twine prints the status code, its standard phrase, and then the status line the registry sent (wrapped by rich).
    const output = result.output.replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+/g, ' ');
    expect(output).toMatch(/HTTPError: 400 Bad Request from \S+\/legacy\/ File already exists \('tinyproject-0\.1\.0\.tar\.gz', with blake2_256 hash '[0-9a-f]{64}'\)/);
    expect(responses.at(-1)).toMatchObject({ method: 'POST', path: '/legacy/', status: 400 });
    // The index still serves the first upload's bytes.
    const served = await fetch(new URL(`files/${shardedPath(await readFile(project.sdist))}/${basename(project.sdist)}`, `${registry.url}/`));
    expect(sha256(Buffer.from(await served.arrayBuffer()))).toBe(sha256(await readFile(project.sdist)));
  });

  it('installs with pip from the Simple API (JSON) into a fresh venv, and the module imports', async () => {
    const bin = join(await venv, 'bin');
    const before = responses.length;
    const install = await runTool(join(bin, 'python'), ['-m', 'pip', 'install', '--index-url', `${registry.url}/simple/`, '--no-cache-dir', 'tinyproject'], { cwd: workDir, env });
    expect(install.code, describeResult('pip install', install)).toBe(0);
    expect(install.output).toContain('Successfully installed tinyproject-0.1.0');

    const requests = responses.slice(before);
    const page = requests.find((response) => response.path === '/simple/tinyproject/');
    expect(page).toMatchObject({ status: 200, contentType: 'application/vnd.pypi.simple.v1+json', userAgent: expect.stringMatching(/^pip\/23\./) });
    expect(requests.some((response) => response.path.endsWith(`/${basename(project.wheel)}`) && response.status === 200)).toBe(true);

    await expectImports(bin);
    const uninstall = await runTool(join(bin, 'python'), ['-m', 'pip', 'uninstall', '--yes', 'tinyproject'], { cwd: workDir, env });
    expect(uninstall.code, describeResult('pip uninstall', uninstall)).toBe(0);
  });

  it('installs with --only-binary :all:, resolving from the PEP 658 metadata before fetching the wheel', async () => {
    const bin = join(await venv, 'bin');
    const proxy = await startAcceptRewritingProxy(registry.url, 'text/html');
    try {
      const before = responses.length;
      const install = await runTool(
        join(bin, 'python'),
        ['-m', 'pip', 'install', '--index-url', `${proxy.url}/simple/`, '--no-cache-dir', '--only-binary', ':all:', 'tinyproject'],
        { cwd: workDir, env },
      );
      expect(install.code, describeResult('pip install --only-binary :all:', install)).toBe(0);
      expect(install.output).toContain('Successfully installed tinyproject-0.1.0');

      const requests = responses.slice(before);
      expect(requests.find((response) => response.path === '/simple/tinyproject/')).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8' });
      const files = requests.filter((response) => response.path.startsWith('/files/'));
      // pip 23.0 reads the metadata file first and resolves with it; it downloads the wheel only to install it
      // (twice: once to complete the metadata-only distribution, once to install). The sdist is never touched.
      expect(files[0]).toMatchObject({ method: 'GET', path: expect.stringMatching(new RegExp(`/${basename(project.wheel)}\\.metadata$`)), status: 200 });
      expect(files.slice(1).every((response) => response.path.endsWith(`/${basename(project.wheel)}`) && response.status === 200)).toBe(true);
      expect(files.length).toBeGreaterThan(1);
      await expectImports(bin);
    } finally {
      await proxy.close();
    }
  });
});

async function expectImports(bin: string): Promise<void> {
  // From another directory than the project's, so that only the installed module can be imported.
  const imported = await runTool(join(bin, 'python'), ['-c', 'import tinyproject; print(tinyproject.GREETING, tinyproject.__file__)'], { cwd: join(workDir, 'home'), env });
  expect(imported.code, describeResult('python -c "import tinyproject"', imported)).toBe(0);
  expect(imported.stdout).toMatch(new RegExp(`^${greeting} .*/site-packages/tinyproject\\.py\\n$`));
}

async function unzipMember(zip: string, member: string): Promise<Buffer> {
  const result = await runTool(python, ['-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).hex())', zip, member], { env });
  if (result.code !== 0) throw new Error(describeResult('unzip', result));
  return Buffer.from(result.stdout, 'hex');
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function shardedPath(bytes: Buffer): string {
  const digest = sha256(bytes);
  return `${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest}`;
}

