/*
 * The CLI installed the ways users install it: in the checkout after `npm ci` (npx finds the workspaces' bins), and
 * from `npm pack` tarballs with `npm install -g` into an empty prefix, far from any checkout (third-party packages
 * from the npm registry, through this machine's npm cache). node-hid is optional: without it (removed after the install,
 * as npm leaves a machine where it cannot be installed) every command but the USB ones still works.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeResult, runTool, type ToolResult } from '../registry/e2e/runTool.js';
import { waitForOutput } from './runCli.js';
import { startUdpEmulator } from './startUdpEmulator.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const version = '0.1.0';
let workDir: string;

/** This environment without npm's own npm_* variables (set when the tests run under `npm test`), plus `extra`. */
function toolEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^npm_/i.test(name) && !name.startsWith('KEYBRIDGE_')) env[name] = value;
  return { ...env, ...extra };
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'keybridge-install-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('keybridge in the checkout', () => {
  it('has its bins in git as executables, and npx runs keybridge, keybridge-emulator and keybridge-registry', async () => {
    const listed = await runTool('git', ['ls-files', '-s', 'packages/cli/bin', 'packages/emulator/bin', 'packages/registry/bin'], { cwd: repoRoot, env: toolEnv({}) });
    expect(listed.stdout.trim().split('\n').map((line) => `${line.split(/\s+/)[0]} ${line.split('\t')[1]}`)).toEqual([
      '100755 packages/cli/bin/keybridge.js',
      '100755 packages/emulator/bin/keybridge-emulator.js',
      '100755 packages/registry/bin/keybridge-registry.js',
    ]);
    for (const bin of ['keybridge', 'keybridge-emulator', 'keybridge-registry']) {
      const run = await runTool('npx', ['--no', '--', bin, '--version'], { cwd: repoRoot, env: toolEnv({}) });
      expect(run.code, describeResult(`npx ${bin}`, run)).toBe(0);
      expect(run.stdout).toBe(`${version}\n`);
    }
  }, 60_000);
});

describe('keybridge from npm pack tarballs, installed globally into an empty prefix', () => {
  let tarballs: string[];

  beforeAll(async () => {
    const packed = await runTool(
      'npm',
      ['pack', '--json', '--pack-destination', workDir, ...['ctap', 'client', 'emulator', 'cli'].flatMap((name) => ['-w', `@keybridge/${name}`])],
      { cwd: repoRoot, env: toolEnv({}) },
    );
    if (packed.code !== 0) throw new Error(describeResult('npm pack', packed));
    tarballs = (JSON.parse(packed.stdout) as Array<{ filename: string }>).map((entry) => join(workDir, entry.filename));
  }, 60_000);

  /** npm install -g --prefix (a new empty directory) of the tarballs, run from an empty directory with its own HOME. */
  async function install(name: string): Promise<{ prefix: string; home: string; result: ToolResult }> {
    const prefix = join(workDir, name, 'prefix');
    const home = join(workDir, name, 'home');
    await mkdir(prefix, { recursive: true });
    await mkdir(home, { recursive: true });
    const npmCache = (await runTool('npm', ['config', 'get', 'cache'], { cwd: repoRoot, env: toolEnv({}) })).stdout.trim();
    const result = await runTool('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], {
      cwd: home,
      env: toolEnv({ HOME: home, npm_config_cache: npmCache }),
      timeoutMs: 180_000,
    });
    expect(result.code, describeResult('npm install -g', result)).toBe(0);
    return { prefix, home, result };
  }
  const installed = (prefix: string, home: string, args: string[]) => runTool(join(prefix, 'bin', 'keybridge'), args, { cwd: home, env: toolEnv({ HOME: home }) });

  let installation: Promise<{ prefix: string; home: string }> | undefined;
  const installOnce = () => (installation ??= install('global'));

  it('keybridge --help works, and keybridge emulator serves a key that the installed keybridge talks to', async () => {
    const { prefix, home } = await installOnce();
    expect((await readdir(join(prefix, 'lib', 'node_modules', '@keybridge'))).sort()).toEqual(['cli', 'client', 'ctap', 'emulator']);
    const help = await installed(prefix, home, ['--help']);
    expect(help.code, describeResult('keybridge --help', help)).toBe(0);
    expect(help.stdout).toMatch(/^Usage: keybridge \[options\] \[command\]/);
    expect(help.stdout).toContain('login');

    const emulator = spawn(join(prefix, 'bin', 'keybridge'), ['emulator', '--udp', '127.0.0.1:0', '--json'], { cwd: home, env: toolEnv({ HOME: home }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    emulator.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => emulator.once('close', resolve));
    try {
      await waitForOutput(() => stdout, '\n', 20_000);
      const { device } = (JSON.parse(stdout) as { listening: { device: string } }).listening;
      const info = await installed(prefix, home, ['info', '--json', '--device', device]);
      expect(info.code, describeResult('keybridge info', info)).toBe(0);
      expect(JSON.parse(info.stdout)).toMatchObject({ device, protocol: 'CTAP2' });
    } finally {
      emulator.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 240_000);

  it('installs without node-hid (optional) and still runs every command that needs no USB', async () => {
    const { prefix, home } = await installOnce();
    await rm(join(prefix, 'lib', 'node_modules', '@keybridge', 'client', 'node_modules', 'node-hid'), { recursive: true });
    const devices = await installed(prefix, home, ['devices']);
    expect(devices.code).toBe(0);
    expect(devices.stderr).toMatch(/^USB HID is unavailable: .*Commands that use --device udp:HOST:PORT work without it\.\n$/);
    const key = await startUdpEmulator();
    try {
      const info = await installed(prefix, home, ['info', '--json', '--device', key.device]);
      expect(info.code, describeResult('keybridge info', info)).toBe(0);
      expect(JSON.parse(info.stdout)).toMatchObject({ device: key.device, protocol: 'CTAP2' });
    } finally {
      await key.close();
    }
  }, 240_000);
});
