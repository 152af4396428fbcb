import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const keybridgeBin = fileURLToPath(new URL('../../packages/cli/dist/bin/keybridge.js', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Date.now() when the process had exited (timed from the device's side, a test leaves the CLI's start-up out). */
  endedAt: number;
}

export interface CliOptions {
  /** Added to a clean environment (the test runner's KEYBRIDGE_*, NO_COLOR and FORCE_COLOR are dropped). */
  env?: Record<string, string>;
  /** Written to stdin, which is then closed; without it stdin is closed at once. */
  input?: string;
  /** Called once the process runs, e.g. to signal it. */
  onSpawn?: (child: ChildProcess, output: { stdout(): string; stderr(): string }) => void;
  /** Kill it (SIGKILL) after this long; the run then fails the test. Default 20 s. */
  killAfterMs?: number;
  /** Options for node itself, before the script (e.g. --import a module hook). */
  nodeArgs?: string[];
}

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('KEYBRIDGE_') || name === 'NO_COLOR' || name === 'FORCE_COLOR') continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

/** `node packages/cli/dist/bin/keybridge.js ARGS`, as a user runs it: a subprocess with pipes (not a terminal). */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), keybridgeBin, ...args], { cwd: repoRoot, env: cleanEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => undefined); // the CLI may exit before reading all of it
  child.stdin.end(options.input ?? '');
  options.onSpawn?.(child, { stdout: () => stdout, stderr: () => stderr });
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 20_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, endedAt: Date.now() });
    });
  });
}

/** Resolves when `read()` contains `text` (polled), or rejects after `timeoutMs`. */
export async function waitForOutput(read: () => string, text: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!read().includes(text)) {
    if (Date.now() > until) throw new Error(`no "${text}" within ${timeoutMs} ms; got: ${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
