import { execFile } from 'node:child_process';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface HarnessRun {
  /** Every stdout line, parsed as JSON (the harnesses print one object per line). */
  lines: Json[];
  stdout: string;
  stderr: string;
  /** Exit status; 0 unless allowFailure was set. */
  code: number;
}

/**
 * Runs an interop harness as a subprocess and parses its JSON lines. A non-zero exit, a timeout
 * or a line that is not JSON rejects with the harness's stderr and stdout in the message, unless
 * allowFailure is set (then the run is returned with its exit code, for tests that expect failure).
 */
export function runHarness(
  command: string,
  args: string[],
  { timeoutMs = 60_000, allowFailure = false }: { timeoutMs?: number; allowFailure?: boolean } = {},
): Promise<HarnessRun> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const describe = (why: string) =>
        new Error(`${[command, ...args].join(' ')}: ${why}\n--- stderr ---\n${stderr}\n--- stdout ---\n${stdout}`);
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      if (error !== null && !(allowFailure && typeof error.code === 'number')) {
        reject(describe(error.killed ? `killed after ${timeoutMs} ms` : error.message));
        return;
      }
      const lines: Json[] = [];
      for (const line of stdout.split('\n')) {
        if (line.trim() === '') continue;
        try {
          lines.push(JSON.parse(line) as Json);
        } catch {
          reject(describe(`stdout line is not JSON: ${line}`));
          return;
        }
      }
      resolve({ lines, stdout, stderr, code });
    });
  });
}
