/*
 * The README's "CI with the emulated authenticator": its CI block, taken verbatim from README.md, run with bash as a
 * pipeline would, with the secrets it names in the environment. Beforehand, as the README's one-time step does, a key
 * is made with the emulator's state in a file and registered with the account; the block then starts
 * `keybridge emulator` from that state, logs in, mints a project token and uploads with twine. It runs twice with the
 * same secret, as every pipeline run restores it, and the second upload lands too (the signature counter stays 0).
 */
import { readFile, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { listEvents } from '../../packages/registry/src/events/listEvents.js';
import { buildTinyProject } from '../registry/e2e/buildTinyProject.js';
import { describeResult, runTool } from '../registry/e2e/runTool.js';
import { toolEnvironment } from '../registry/e2e/toolEnvironment.js';
import { accountPassword, startCliRegistry } from './startCliRegistry.js';
import { startUdpEmulator } from './startUdpEmulator.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const PIN = 'Ci$Recipe#4821';

/** The fenced sh block after the README's marker comment, exactly as written there. */
async function ciRecipe(): Promise<string> {
  const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
  const block = /<!-- test\/cli\/readmeCiRecipe\.test\.ts runs the next block verbatim -->\n```sh\n([\s\S]*?)\n```\n/.exec(readme);
  if (!block) throw new Error('README.md has no block marked for test/cli/readmeCiRecipe.test.ts');
  return block[1]!;
}

describe("the README's CI recipe", () => {
  it('starts the emulator from the state secret, logs in with the key, mints a project token and uploads with twine; twice with the same secret', async () => {
    const { keybridge, home, publicUrl, registry } = await startCliRegistry();
    const toolEnv: NodeJS.ProcessEnv = { ...toolEnvironment(home), COLUMNS: '250' };
    const liveTokens = async () => (await registry.db('api_tokens').select('name').whereNull('revoked_at')) as Array<{ name: string }>;
    // The recipe runs with HOME only, as a CI job does: the CLI's config directory is then ~/.config/keybridge.
    const recipeSessions = join(home, '.config', 'keybridge', 'sessions.json');

    // The project exists (a first upload, with the password while the account has no second factor yet).
    const first = await buildTinyProject(join(home, 'v1'), 'first', toolEnv, '0.1.0');
    const created = await runTool('/usr/bin/twine', ['upload', '--non-interactive', '--disable-progress-bar', '--repository-url', `${publicUrl}/legacy/`, first.sdist], {
      env: { ...toolEnv, TWINE_USERNAME: 'alice', TWINE_PASSWORD: accountPassword },
    });
    expect(created.code, describeResult('twine upload (the first release)', created)).toBe(0);

    // The README's one-time step: a key whose state is a file, registered with the account (here through the library's emulator).
    const stateFile = join(home, 'ci-key.json');
    const key = await startUdpEmulator({ pin: PIN, statePath: stateFile, signCount: 'zero' });
    try {
      expect((await keybridge(['login', '--user', 'alice'], { env: { KEYBRIDGE_PASSWORD: accountPassword } })).code).toBe(0);
      const added = await keybridge(['key', 'add', '--name', 'ci'], { env: { KEYBRIDGE_DEVICE: key.device, KEYBRIDGE_PIN: PIN } });
      expect(added.code, added.stderr).toBe(0);
      expect((await keybridge(['logout'])).code).toBe(0);
    } finally {
      await key.close();
    }
    const secret = (await readFile(stateFile)).toString('base64');
    await rm(stateFile);

    const recipe = await ciRecipe();
    const secrets = {
      KEYBRIDGE_KEY_STATE: secret,
      KEYBRIDGE_PIN: PIN,
      KEYBRIDGE_PASSWORD: accountPassword,
      REGISTRY_USER: 'alice',
      KEYBRIDGE_REGISTRY: publicUrl,
      PROJECT_NAME: 'tinyproject',
    };
    // The CLI installed: the checkout's linked bins (npm ci) on PATH, with the node running this test.
    const PATH = [join(repoRoot, 'node_modules', '.bin'), dirname(process.execPath), toolEnv.PATH].join(':');
    for (const version of ['0.2.0', '0.3.0']) {
      const project = await buildTinyProject(join(home, `v${version}`), `release ${version}`, toolEnv, version);
      const run = await runTool('/bin/bash', ['-c', recipe], { cwd: join(home, `v${version}`), env: { ...toolEnv, ...secrets, PATH }, timeoutMs: 90_000 });
      expect(run.code, describeResult(`the README's CI recipe (${version})`, run)).toBe(0);
      const logins = await listEvents(registry.db, { kind: 'account.login_second_factor' });
      expect(logins.map((event) => event.details)).toEqual(version === '0.2.0' ? [{ method: 'security_key' }] : [{ method: 'security_key' }, { method: 'security_key' }]);

      const simple = await fetch(`${publicUrl}/simple/tinyproject/`);
      expect(simple.status).toBe(200);
      const page = await simple.text();
      for (const file of [project.sdist, project.wheel]) expect(page).toContain(file.split('/').pop());
      // Cleaned up: the token revoked, the session ended, the key's state gone with the job's temporary directory.
      expect(await liveTokens()).toEqual([]);
      await expect(stat(recipeSessions)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(run.output).not.toContain(PIN);
      expect(run.output).not.toContain(accountPassword);
      expect(run.output).not.toMatch(/kbr-/);
    }
    expect(await listEvents(registry.db, { kind: 'security_key.counter_regression' })).toEqual([]);
  }, 180_000);
});
