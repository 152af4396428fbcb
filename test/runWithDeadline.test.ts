import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../scripts/run-with-deadline.sh', import.meta.url));

describe('scripts/run-with-deadline.sh (what .ci/run runs the suite with)', () => {
  it('passes on the exit status of a command that ends in time', () => {
    const run = spawnSync('bash', [script, '30', 'node', '-e', 'process.exit(3)'], { encoding: 'utf8' });
    expect([run.status, run.stderr]).toEqual([3, '']);
  });

  it('prints the native and JavaScript stacks of every process of a run past its deadline, kills them, and fails', () => {
    // A parent Node process waiting on a child that waits on a socket: a hang of the kind a test run has.
    const hang = "const { spawn } = require('node:child_process'); spawn(process.execPath, ['-e', \"require('node:net').createServer().listen(0, '127.0.0.1')\"], { stdio: 'inherit' }); setInterval(() => {}, 1000);";
    const run = spawnSync('bash', [script, '1', 'node', '-e', hang], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(124);
    expect(run.stderr).toContain('still running after 1 s');
    expect(run.stderr.match(/^=== process \d+: /gm)).toHaveLength(2);
    // gdb's native stacks (the main thread in libuv's poll), and Node's reports with what each loop waits for.
    expect(run.stderr).toMatch(/^Thread 1 .*\n#0 .*\n(#\d+ .*\n)*#\d+ .*uv_run/m);
    expect(run.stderr.match(/^=== JavaScript stack of process \d+/gm)).toHaveLength(2);
    expect(run.stderr).toMatch(/^ {2}tcp from (localhost|127\.0\.0\.1):\d+$/m);
    // Nothing of the run is left behind.
    const left = spawnSync('pgrep', ['-f', "createServer\\(\\).listen\\(0, '127.0.0.1'\\)"], { encoding: 'utf8' });
    expect(left.stdout).toBe('');
  });
});
