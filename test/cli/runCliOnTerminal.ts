import { spawn } from 'node:child_process';
import { keybridgeBin, waitForOutput } from './runCli.js';

export interface TerminalSession {
  /** Everything the terminal showed so far (stdout and stderr, as a terminal mixes them). */
  screen(): string;
  /** Types on the keyboard. */
  type(text: string): void;
  /** Resolves when the screen shows `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** The exit status of keybridge. */
  exited: Promise<number | null>;
}

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/**
 * keybridge on a pseudo-terminal, through util-linux `script` (in every Debian/Ubuntu base system): stdin is a
 * TTY, so the CLI prompts, and what it echoes is what a person would see.
 */
export function runCliOnTerminal(args: readonly string[], env: Record<string, string> = {}): TerminalSession {
  const command = [process.execPath, keybridgeBin, ...args].map(quote).join(' ');
  const cleanEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...env };
  for (const name of Object.keys(cleanEnv)) if (name.startsWith('KEYBRIDGE_') && !(name in env)) delete cleanEnv[name];
  delete cleanEnv.FORCE_COLOR;
  const child = spawn('script', ['-qefc', command, '/dev/null'], { env: cleanEnv, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(killer);
      resolve(code);
    });
  });
  return {
    screen: () => screen,
    type: (text) => child.stdin.write(text),
    waitFor: (text, timeoutMs) => waitForOutput(() => screen, text, timeoutMs),
    exited,
  };
}
