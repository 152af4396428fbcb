import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface EmulatorOptions {
  /** --pin: start with this PIN already set. */
  pin?: string;
  attestation?: 'packed' | 'self' | 'none';
  up?: 'approve' | 'deny' | 'timeout';
  /** --uv: built-in user verification and what the emulated finger does. */
  uv?: 'approve' | 'deny';
  /** --state: persist the authenticator state in this file. */
  state?: string;
  /** --max-msg-size and --max-creds-in-list: the limits getInfo advertises and the emulator enforces. */
  maxMsgSize?: number;
  maxCredsInList?: number;
}

export interface RunningEmulator {
  host: string;
  port: number;
  /** Everything the emulator wrote so far (stdout + stderr), for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. Idempotent. */
  stop(): Promise<void>;
}

const emulatorBin = fileURLToPath(
  new URL('../../packages/emulator/dist/bin/keybridge-emulator.js', import.meta.url),
);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const listeningLine = /listening on (\S+):(\d+)/;

/** Spawns the compiled emulator bin on a free UDP port and resolves once it says where it listens. */
export async function startEmulator(options: EmulatorOptions = {}, timeoutMs = 15_000): Promise<RunningEmulator> {
  const args = [emulatorBin, '--udp', '127.0.0.1:0'];
  if (options.pin !== undefined) args.push('--pin', options.pin);
  if (options.attestation !== undefined) args.push('--attestation', options.attestation);
  if (options.up !== undefined) args.push('--up', options.up);
  if (options.uv !== undefined) args.push('--uv', options.uv);
  if (options.state !== undefined) args.push('--state', options.state);
  if (options.maxMsgSize !== undefined) args.push('--max-msg-size', String(options.maxMsgSize));
  if (options.maxCredsInList !== undefined) args.push('--max-creds-in-list', String(options.maxCredsInList));

  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });

  const stop = async (): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exit;
    clearTimeout(timer);
  };

  const address = await new Promise<{ host: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => fail(`no "listening on" line within ${timeoutMs} ms`), timeoutMs);
    function fail(why: string): void {
      clearTimeout(timer);
      void stop();
      reject(new Error(`keybridge-emulator ${args.slice(1).join(' ')}: ${why}\n${output}`));
    }
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      output += chunk;
    });
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const match = listeningLine.exec(output);
      if (match?.[1] !== undefined && match[2] !== undefined) {
        clearTimeout(timer);
        resolve({ host: match[1], port: Number(match[2]) });
      }
    });
    child.once('error', (error) => fail(String(error)));
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before listening`));
  });

  return { ...address, output: () => output, stop };
}
