// GET rates measured by wrk (Debian's `wrk`, a C load generator), for the measures where the generator must not
// compete for the cores it measures: a Node generator costs about as much CPU per request as the server it loads.
import { execFile, execFileSync } from 'node:child_process';

/** Whether wrk is installed (scripts/install-debian-packages.sh installs it). */
export function hasWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version; only a missing binary is ENOENT.
    return error.code !== 'ENOENT';
  }
}

/** Completed GETs of `url` per second over `durationMs`, `connections` kept busy by one wrk thread; rejects on any non-2xx. */
export function wrkRequestsPerSecond(url, { durationMs, connections }) {
  return new Promise((resolve, reject) => {
    execFile('wrk', ['-t1', `-c${connections}`, `-d${Math.max(1, Math.round(durationMs / 1000))}s`, url], (error, stdout) => {
      if (error) return reject(new Error(`wrk failed: ${error.message}`));
      const failed = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
      if (failed) return reject(new Error(`wrk: ${failed[1]} answers were not 2xx/3xx from ${url}`));
      const broken = /Socket errors: (.*)/.exec(stdout);
      if (broken) return reject(new Error(`wrk: socket errors (${broken[1]}) against ${url}`));
      const rate = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
      if (!rate) return reject(new Error(`wrk printed no rate: ${stdout}`));
      resolve({ rate: Number(rate[1]) });
    });
  });
}
