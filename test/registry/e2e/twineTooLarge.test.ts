/*
 * twine 4.0.2 (Debian 12) sends its whole body before it reads the answer: a 100 MB upload against a 1 MiB limit must
 * show the 413 in every run, never a ConnectionResetError because the server closed the connection under the body.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../packages/registry/src/accounts/createUser.js';
import { createDatabaseForThisTest } from '../createDatabaseForThisTest.js';
import { startRegistryForThisTest } from '../startRegistryForThisTest.js';
import { testDatabases } from '../testDatabases.js';
import { describeResult, runTool } from './runTool.js';
import { toolEnvironment } from './toolEnvironment.js';

const password = 'correct horse battery';
let workDir: string;
let env: NodeJS.ProcessEnv;
let wheel: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'keybridge-toolarge-'));
  env = toolEnvironment(join(workDir, 'home'));
  await mkdir(join(workDir, 'home'));
  wheel = join(workDir, 'bigproject-1.0-py3-none-any.whl');
  // A valid wheel holding 100 MB of random bytes, stored (not compressed).
  const script = [
    'import os, sys, zipfile',
    "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_STORED) as z:",
    "    z.writestr('bigproject/__init__.py', '')",
    "    z.writestr('bigproject/blob.bin', os.urandom(100 * 1000 * 1000))",
    "    z.writestr('bigproject-1.0.dist-info/METADATA', 'Metadata-Version: 2.1\\nName: bigproject\\nVersion: 1.0\\nSummary: big\\n\\n')",
    "    z.writestr('bigproject-1.0.dist-info/WHEEL', 'Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n')",
    "    z.writestr('bigproject-1.0.dist-info/RECORD', '')",
  ].join('\n');
  const made = await runTool('/usr/bin/python3', ['-c', script, wheel], { env });
  expect(made.code, describeResult('python3', made)).toBe(0);
}, 60_000);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe.each(testDatabases.slice(0, 1))('twine and a too large upload on $kind', (testDatabase) => {
  it('shows the 413 in every one of 5 runs', async () => {
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase), { maxUploadBytes: 1024 * 1024 });
    await createUser(registry.db, { username: 'alice', password });
    for (let run = 1; run <= 5; run++) {
      const result = await runTool(
        '/usr/bin/twine',
        ['upload', '--repository-url', `${registry.url}/legacy/`, '-u', 'alice', '-p', password, '--non-interactive', '--disable-progress-bar', wheel],
        { cwd: workDir, env, timeoutMs: 60_000 },
      );
      const described = `run ${run}: ${describeResult('twine', result)}`;
      expect(result.code, described).toBe(1);
      expect(result.output, described).toMatch(/HTTPError: 413 /);
      expect(result.output, described).not.toMatch(/ConnectionResetError|Connection aborted|BrokenPipe/);
    }
  }, 180_000);
});
