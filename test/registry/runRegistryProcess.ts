import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The compiled bin (tsc -b runs before the tests), exactly as npm installs it. */
export const registryBin = fileURLToPath(new URL('../../packages/registry/dist/bin/keybridge-registry.js', import.meta.url));

export interface RegistryProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the URL from "listening on …" (rejects if the process ends or 20 s pass first). */
  listening(): Promise<string>;
  /** SIGKILL unless it has exited already (for afterEach). */
  kill(): void;
}

/**
 * `keybridge-registry <args>` as a child process, configured by `env` only: the caller's KEYBRIDGE_* and
 * DATABASE_URL are left out. Node runs with --expose-gc, as the bin's shebang and `npm start` run it.
 */
export function runRegistryProcess(args: string[], env: Record<string, string>, cwd?: string): RegistryProcess {
  const childEnv: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('KEYBRIDGE_') && name !== 'DATABASE_URL') childEnv[name] = value;
  const child = spawn(process.execPath, ['--expose-gc', registryBin, ...args], { env: { ...childEnv, ...env }, stdio: ['pipe', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exit,
    async listening() {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const match = /listening on (http:\/\/\S+)\n/.exec(stdout);
        if (match) return match[1]!;
        if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) throw new Error(`the registry did not start:\n${stdout}\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
