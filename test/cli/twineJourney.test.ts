/*
 * The bridge end to end, as a maintainer does it with nothing but the CLI and twine (subprocesses) against a registry
 * and a PIN-protected key (the emulator over UDP): log in with the password, add the key, log out, log in with the key,
 * mint a token for one project into ~/.pypirc, upload with twine reading that file, pip install it from the Simple API
 * into a fresh venv; a copy restricted offline to another project is refused by the registry, and so is the token
 * once `keybridge token revoke` has revoked it.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixedUserPresence } from '@keybridge/emulator';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildTinyProject } from '../registry/e2e/buildTinyProject.js';
import { makeVenv } from '../registry/e2e/makeVenv.js';
import { describeResult, runTool } from '../registry/e2e/runTool.js';
import { toolEnvironment } from '../registry/e2e/toolEnvironment.js';
import { accountPassword, startCliRegistry } from './startCliRegistry.js';
import { startUdpEmulator } from './startUdpEmulator.js';

const PIN = 'Journey$PIN9';

describe('keybridge and twine, end to end', () => {
  it('login, key add, login with the key, token create --project --pypirc, twine upload, pip install; a token restricted to another project, and a revoked one, are refused', async () => {
    const { keybridge, home, publicUrl, registry } = await startCliRegistry();
    const key = await startUdpEmulator({ pin: PIN, userPresence: fixedUserPresence('approve', 100) });
    onTestFinished(() => key.close());
    const env = { KEYBRIDGE_DEVICE: key.device, KEYBRIDGE_PIN: PIN };
    const twineEnv = { ...toolEnvironment(home), COLUMNS: '250' };
    // The venv (ensurepip takes seconds) is made while the CLI runs.
    const venv = makeVenv(join(home, 'venv'), twineEnv);
    const project = await buildTinyProject(join(home, 'tinyproject'), 'hello from keybridge', twineEnv);
    const succeed = async (args: string[], options: Parameters<typeof keybridge>[1] = {}) => {
      const run = await keybridge(args, { ...options, env: { ...env, ...options.env } });
      expect(run.code, `keybridge ${args.join(' ')}: ${run.stderr}`).toBe(0);
      return run;
    };

    await succeed(['login', '--user', 'alice', '--password-stdin'], { input: `${accountPassword}\n` });
    // The project exists once an account token has uploaded its sdist (an account with a key uploads with tokens only).
    const accountToken = (await succeed(['token', 'create', '--name', 'first upload'])).stdout.trim();
    await succeed(['key', 'add', '--name', 'ci key']);
    await succeed(['logout']);
    const withKey = await succeed(['login', '--user', 'alice'], { env: { KEYBRIDGE_PASSWORD: accountPassword } });
    expect(withKey.stderr).toContain('Touch your security key');

    const twine = (files: string[], extra: string[], twineVars: Record<string, string> = {}) =>
      runTool('/usr/bin/twine', ['upload', '--non-interactive', '--disable-progress-bar', ...extra, ...files], { cwd: home, env: { ...twineEnv, ...twineVars } });
    const first = await twine([project.sdist], ['--repository-url', `${publicUrl}/legacy/`], { TWINE_USERNAME: '__token__', TWINE_PASSWORD: accountToken });
    expect(first.code, describeResult('twine upload', first)).toBe(0);

    await writeFile(join(home, '.pypirc'), '# kept\n[pypi]\nusername = __token__\n');
    const created = await succeed(['token', 'create', '--name', 'tinyproject ci', '--project', 'tinyproject', '--expires', '1h', '--pypirc']);
    const section = new URL(publicUrl).host.replace(':', '-');
    expect(created.stdout).toBe(`Token "tinyproject ci" written to ${join(home, '.pypirc')} as [${section}]: twine upload --repository ${section} dist/*\n`);
    expect((await stat(join(home, '.pypirc'))).mode & 0o777).toBe(0o600);
    const pypirc = await readFile(join(home, '.pypirc'), 'utf8');
    expect(pypirc).toMatch(/^\[distutils\]\nindex-servers =\n {4}pypi\n {4}testpypi\n {4}\S+\n\n# kept\n\[pypi\]\nusername = __token__\n\n\[/);
    const projectToken = /^password = (kbr-\S+)$/m.exec(pypirc)![1]!;

    const upload = await twine([project.wheel], ['--repository', section]);
    expect(upload.code, describeResult('twine upload --repository', upload)).toBe(0);
    const files = (await registry.db('files').select('filename').orderBy('filename')) as Array<{ filename: string }>;
    expect(files.map((file) => file.filename)).toEqual([project.sdist, project.wheel].map((path) => path.split('/').pop()).sort());

    // Installed from the registry's Simple API into a fresh venv, and imported from elsewhere than the project's directory.
    const python = join(await venv, 'bin', 'python');
    const install = await runTool(python, ['-m', 'pip', 'install', '--index-url', `${publicUrl}/simple/`, '--no-cache-dir', '--no-deps', 'tinyproject'], { cwd: home, env: twineEnv });
    expect(install.code, describeResult('pip install', install)).toBe(0);
    expect(install.output).toContain('Successfully installed tinyproject-0.1.0');
    const imported = await runTool(python, ['-c', 'import tinyproject; print(tinyproject.GREETING, tinyproject.__file__)'], { cwd: await venv, env: twineEnv });
    expect(imported.code, describeResult('python -c "import tinyproject"', imported)).toBe(0);
    expect(imported.stdout).toMatch(/^hello from keybridge .*\/site-packages\/tinyproject\.py\n$/);

    const restricted = (await succeed(['token', 'restrict', '--project', 'other'], { input: `${projectToken}\n` })).stdout.trim();
    const refused = await twine([project.wheel], ['--repository-url', `${publicUrl}/legacy/`, '--skip-existing'], { TWINE_USERNAME: '__token__', TWINE_PASSWORD: restricted });
    expect(refused.code).not.toBe(0);
    expect(refused.output.replace(/\s+/g, ' ')).toContain("403 Forbidden");
    expect(refused.output.replace(/\s+/g, ' ')).toContain("token is scoped to project 'other', not 'tinyproject'");

    await succeed(['token', 'revoke', 'tinyproject ci']);
    const revoked = await twine([project.wheel], ['--repository', section, '--skip-existing']);
    expect(revoked.code).not.toBe(0);
    expect(revoked.output.replace(/\s+/g, ' ')).toContain('token was revoked');
  }, 180_000);
});
