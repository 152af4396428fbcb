/*
 * The registry on object storage end to end (issue 15): the real bin stores in a bucket of s3rver (an S3-compatible
 * server started here) through the AWS SDK; twine 4.0.2 uploads a tiny project and pip installs it, first with the
 * files streamed through the registry (whole and by range), then from a second process that redirects downloads to
 * presigned URLs of the bucket. Nothing of the files stays on the registry's disk.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openFileStorage } from '../../../packages/registry/src/storage/openFileStorage.js';
import { startS3Server, useS3TestCredentials } from '../../support/startS3Server.js';
import { createDatabaseForThisTest } from '../createDatabaseForThisTest.js';
import { filesUnder } from '../halfUpload.js';
import { serveRegistryProcessForThisTest } from '../serveRegistryProcessForThisTest.js';
import { testDatabases } from '../testDatabases.js';
import { buildTinyProject } from './buildTinyProject.js';
import { makeVenv } from './makeVenv.js';
import { describeResult, runTool } from './runTool.js';
import { toolEnvironment } from './toolEnvironment.js';

const username = 'alice';
const password = `e2e-${randomBytes(12).toString('hex')}`;
const greeting = 'hello from the bucket';

describe('twine and pip with the files in object storage (S3 API, s3rver)', () => {
  it('uploads into the bucket, serves and installs through the registry and by presigned redirect', async () => {
    const s3 = await startS3Server();
    onTestFinished(() => s3.destroy());
    const workDir = await mkdtemp(join(tmpdir(), 'keybridge-e2e-s3-'));
    onTestFinished(() => rm(workDir, { recursive: true, force: true }));
    const env = toolEnvironment(join(workDir, 'home'));
    await mkdir(join(workDir, 'home'));
    const venv = makeVenv(join(workDir, 'venv'), env);
    venv.catch(() => {});
    const project = await buildTinyProject(join(workDir, 'tinyproject'), greeting, env);

    // SQLite: the storage is what is under test here (PostgreSQL with the bucket: see objectStorage.test.ts).
    const database = await createDatabaseForThisTest(testDatabases[0]!);
    const streaming = serveRegistryProcessForThisTest(database, s3.registryEnv('registry/files'));
    const url = await streaming.listening();
    const signUp = await fetch(`${url}/api/v1/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(signUp.status).toBe(201);

    const upload = await runTool('/usr/bin/twine', ['upload', '--repository-url', `${url}/legacy/`, '-u', username, '-p', password, '--non-interactive', '--disable-progress-bar', project.sdist, project.wheel], { cwd: workDir, env });
    expect(upload.code, describeResult('twine upload', upload)).toBe(0);

    // The bucket holds both files and the wheel's metadata under their SHA-256; the registry's disk holds none.
    const wheelBytes = await readFile(project.wheel);
    const sdistBytes = await readFile(project.sdist);
    const keyOf = (bytes: Buffer) => {
      const digest = sha256(bytes);
      return `${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest}`;
    };
    useS3TestCredentials();
    const bucket = openFileStorage({ storage: `s3://${s3.bucket}/registry/files`, storageDir: join(workDir, 'inspect'), s3Endpoint: s3.endpoint, s3Region: null, s3ForcePathStyle: true });
    const keys: string[] = [];
    for await (const entry of bucket.list()) keys.push(entry.key);
    expect(keys.sort()).toEqual([keyOf(sdistBytes), keyOf(wheelBytes), `${keyOf(wheelBytes)}.metadata`].sort());
    expect(filesUnder(join(database.dataDir, 'files'))).toEqual([]);

    const bin = join(await venv, 'bin');
    const pipInstall = (indexUrl: string) =>
      runTool(join(bin, 'python'), ['-m', 'pip', 'install', '--force-reinstall', '--index-url', `${indexUrl}/simple/`, '--no-cache-dir', 'tinyproject'], { cwd: workDir, env });
    const installed = await pipInstall(url);
    expect(installed.code, describeResult('pip install', installed)).toBe(0);
    expect(installed.output).toContain('Successfully installed tinyproject-0.1.0');
    const imported = await runTool(join(bin, 'python'), ['-c', 'import tinyproject; print(tinyproject.GREETING)'], { cwd: join(workDir, 'home'), env });
    expect(imported.stdout).toBe(`${greeting}\n`);

    // Streamed through the registry with its own headers, and by range.
    const wheelPath = `/files/${keyOf(wheelBytes)}/${basename(project.wheel)}`;
    const whole = await fetch(`${url}${wheelPath}`);
    expect([whole.status, whole.headers.get('etag'), whole.headers.get('cache-control')]).toEqual([200, `"${sha256(wheelBytes)}"`, 'public, max-age=31536000, immutable']);
    expect(Buffer.from(await whole.arrayBuffer()).equals(wheelBytes)).toBe(true);
    const tail = await fetch(`${url}${wheelPath}`, { headers: { range: 'bytes=-100' } });
    expect([tail.status, tail.headers.get('content-range')]).toEqual([206, `bytes ${wheelBytes.length - 100}-${wheelBytes.length - 1}/${wheelBytes.length}`]);
    expect(Buffer.from(await tail.arrayBuffer()).equals(wheelBytes.subarray(-100))).toBe(true);

    // A second process on the same database and bucket sends downloads to the bucket itself.
    const redirecting = serveRegistryProcessForThisTest(database, { ...s3.registryEnv('registry/files'), KEYBRIDGE_FILES_REDIRECT: 'presigned' });
    const redirectingUrl = await redirecting.listening();
    const redirect = await fetch(`${redirectingUrl}${wheelPath}`, { redirect: 'manual' });
    expect([redirect.status, redirect.headers.get('cache-control')]).toEqual([302, 'no-store']);
    const location = redirect.headers.get('location')!;
    expect(location.startsWith(`${s3.endpoint}/${s3.bucket}/registry/files/${keyOf(wheelBytes)}?`)).toBe(true);
    expect(new URL(location).searchParams.get('X-Amz-Expires')).toBe('300');
    const fromBucket = await fetch(location);
    expect([fromBucket.status, fromBucket.headers.get('content-type'), fromBucket.headers.get('cache-control')]).toEqual([200, 'application/octet-stream', 'public, max-age=31536000, immutable']);
    expect(Buffer.from(await fromBucket.arrayBuffer()).equals(wheelBytes)).toBe(true);
    // HEAD is answered by the registry (a presigned URL is for one method).
    const head = await fetch(`${redirectingUrl}${wheelPath}`, { method: 'HEAD', redirect: 'manual' });
    expect([head.status, head.headers.get('content-length')]).toEqual([200, String(wheelBytes.length)]);

    const reinstalled = await pipInstall(redirectingUrl);
    expect(reinstalled.code, describeResult('pip install (presigned)', reinstalled)).toBe(0);
    expect(reinstalled.output).toContain('Successfully installed tinyproject-0.1.0');

    for (const started of [streaming, redirecting]) expect(started.stderr()).toBe('');
  }, 180_000);
});

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
