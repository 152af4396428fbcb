import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { listEvents } from '../events/listEvents.js';
import { openDatabase } from '../db/openDatabase.js';
import { registryMigrations } from '../db/migrations/index.js';

// The bin npm links (bin/, which loads the compiled dist/bin: tsc -b runs before the tests).
const bin = fileURLToPath(new URL('../../bin/keybridge-registry.js', import.meta.url));

interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: Run[] = [];
const directories: string[] = [];

afterEach(() => {
  for (const started of running.splice(0)) if (started.child.exitCode === null && started.child.signalCode === null) started.child.kill('SIGKILL');
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function dataDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'keybridge-registry-bin-'));
  directories.push(directory);
  return directory;
}

/** The environment without the caller's registry settings, plus `extra`. */
function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('KEYBRIDGE_') && name !== 'DATABASE_URL') env[name] = value;
  return { ...env, ...extra };
}

/** `node bin args`, or with `command` (an interpreter and its arguments) `command... bin args`. */
function run(args: string[], options: { cwd: string; env?: Record<string, string>; input?: string; command?: string[] }): Run {
  const [file, ...leading] = options.command ?? [process.execPath];
  const child = spawn(file!, [...leading, bin, ...args], { cwd: options.cwd, env: environment(options.env ?? {}), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  if (options.input !== undefined) child.stdin.end(options.input);
  const started: Run = { child, stdout: () => stdout, stderr: () => stderr, exit };
  running.push(started);
  return started;
}

async function finished(started: Run): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { code } = await started.exit;
  return { code, stdout: started.stdout(), stderr: started.stderr() };
}

async function listening(started: Run): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const match = /listening on (http:\/\/\S+)\n/.exec(started.stdout());
    if (match) return match[1]!;
    if (started.child.exitCode !== null || Date.now() > deadline) throw new Error(`the registry did not start:\n${started.stdout()}\n${started.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('keybridge-registry (bin)', () => {
  // Uploads free their read buffers with minor GCs, which node offers only when started with --expose-gc.
  it.runIf(process.platform === 'linux')('runs node with --expose-gc when started through its shebang, as npm bin links and npx start it', async () => {
    // Linux runs `#!interpreter rest` as `interpreter rest bin args`, the rest (if any) as one argument.
    const shebang = /^#!(\S+)(?:[ \t]+(.*))?$/.exec(readFileSync(bin, 'utf8').split('\n')[0]!);
    expect(shebang).not.toBeNull();
    const [, interpreter, rest] = shebang!;
    const started = run(['serve'], { cwd: dataDirectory(), env: { KEYBRIDGE_PORT: '0' }, command: [interpreter!, ...(rest ? [rest] : [])] });
    await listening(started);
    // The shebang's interpreter execs node in the same process: its command line is node's.
    const commandLine = readFileSync(`/proc/${started.child.pid}/cmdline`, 'utf8').split('\0');
    expect(commandLine[0]).toMatch(/(^|\/)node$/);
    expect(commandLine).toContain(bin);
    expect(commandLine.slice(1, commandLine.indexOf(bin))).toContain('--expose-gc');
    started.child.kill('SIGTERM');
    expect(await started.exit).toEqual({ code: 0, signal: null });
    expect(started.stderr()).toBe('');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('serve: migrates, listens, answers, and stops with exit 0 on %s', async (signal) => {
    const cwd = dataDirectory();
    const started = run(['serve'], { cwd, env: { KEYBRIDGE_PORT: '0' } });
    const url = await listening(started);
    expect(started.stdout()).toMatch(/^keybridge-registry: listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const me = await fetch(`${url}/api/v1/me`);
    expect(me.status).toBe(401);
    // The default data directory is ./data: the database, the secret key (0600) are there.
    expect(statSync(join(cwd, 'data', 'registry.sqlite3')).isFile()).toBe(true);
    expect(statSync(join(cwd, 'data', 'secret.key')).mode & 0o777).toBe(0o600);
    started.child.kill(signal);
    expect(await started.exit).toEqual({ code: 0, signal: null });
    expect(started.stderr()).toBe('');
  });

  it('migrate: applies the migrations once, then says the database is up to date', async () => {
    const cwd = dataDirectory();
    const env = { KEYBRIDGE_DATA_DIR: 'state' };
    expect(await finished(run(['migrate'], { cwd, env }))).toEqual({ code: 0, stdout: `keybridge-registry: applied ${registryMigrations.map((migration) => migration.name).join(', ')}\n`, stderr: '' });
    expect(await finished(run(['migrate'], { cwd, env }))).toEqual({ code: 0, stdout: 'keybridge-registry: the database is up to date\n', stderr: '' });
    expect(statSync(join(cwd, 'state', 'registry.sqlite3')).isFile()).toBe(true);
  });

  it('create-admin: reads the password from standard input, creates an administrator who can log in', async () => {
    const cwd = dataDirectory();
    const created = await finished(run(['create-admin', '--username', 'Root'], { cwd, input: 'an admin password\n' }));
    expect(created).toEqual({ code: 0, stdout: 'keybridge-registry: created administrator Root\n', stderr: '' });

    const db = openDatabase({ databaseUrl: `sqlite:${join(cwd, 'data', 'registry.sqlite3')}` });
    try {
      const [row] = (await db('users').select('username', 'is_admin')) as Array<{ username: string; is_admin: unknown }>;
      expect({ username: row!.username, isAdmin: Boolean(row!.is_admin) }).toEqual({ username: 'Root', isAdmin: true });
      expect(await listEvents(db)).toEqual([expect.objectContaining({ kind: 'account.admin_created', ip: null, details: { via: 'cli', username: 'Root' } })]);
    } finally {
      await db.destroy();
    }

    const server = run(['serve'], { cwd, env: { KEYBRIDGE_PORT: '0' } });
    const url = await listening(server);
    const login = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'root', password: 'an admin password' }) });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { user: { isAdmin: boolean } }).user.isAdmin).toBe(true);
    // Its password hashing worker (started by the login) does not hold the process up.
    server.child.kill('SIGTERM');
    expect(await server.exit).toEqual({ code: 0, signal: null });

    expect(await finished(run(['create-admin', '--username', 'ROOT'], { cwd, input: 'another password' }))).toEqual({
      code: 1,
      stdout: '',
      stderr: 'keybridge-registry: The username "ROOT" is already taken\n',
    });
    expect(await finished(run(['create-admin', '--username', 'short'], { cwd, input: 'short\n' }))).toEqual({
      code: 1,
      stdout: '',
      stderr: 'keybridge-registry: The password must be at least 8 characters\n',
    });
  });

  it.each([
    [['create-admin'], {}, 2, 'keybridge-registry: create-admin needs --username (see --help)\n'],
    [['deploy'], {}, 2, 'keybridge-registry: unknown command "deploy" (expected serve, migrate or create-admin) (see --help)\n'],
    [[], {}, 2, 'keybridge-registry: a command is required: serve, migrate or create-admin (see --help)\n'],
    [['serve'], { KEYBRIDGE_PORT: 'eighty' }, 2, 'keybridge-registry: KEYBRIDGE_PORT must be an integer from 0 to 65535, not "eighty"\n'],
    [['migrate'], { DATABASE_URL: 'mysql://db/x' }, 2, 'keybridge-registry: DATABASE_URL must be postgres://…, postgresql://… or a SQLite file path, not "mysql://db/x"\n'],
  ])('refuses %j %j with exit %i and one line', async (args, env, code, stderr) => {
    expect(await finished(run(args, { cwd: dataDirectory(), env }))).toEqual({ code, stdout: '', stderr });
  });

  it('prints its usage with --help', async () => {
    const help = await finished(run(['--help'], { cwd: dataDirectory() }));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: keybridge-registry <command> [options]');
  });
});
