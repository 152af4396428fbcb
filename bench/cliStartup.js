// `keybridge --help` start-up time next to `node -e 0`, alternating; target <= 2.5x.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROUNDS = 7;
const RUNS_PER_ROUND = 10;

function timeRuns(args) {
  const times = [];
  for (let i = 0; i < RUNS_PER_ROUND; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[RUNS_PER_ROUND >> 1];
}

export function benchCliStartup() {
  const cli = fileURLToPath(new URL('../packages/cli/dist/bin/keybridge.js', import.meta.url));
  const ratios = [];
  const cliTimes = [];
  const nodeTimes = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [bare, help] = round % 2 === 0 ? [timeRuns(['-e', '0']), timeRuns([cli, '--help'])] : [null, timeRuns([cli, '--help'])];
    const node = bare ?? timeRuns(['-e', '0']);
    nodeTimes.push(node);
    cliTimes.push(help);
    ratios.push(help / node);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
  const ratio = median(ratios);
  console.log(
    `keybridge --help: ${median(cliTimes).toFixed(1)} ms vs node -e 0 ${median(nodeTimes).toFixed(1)} ms -> ratio ${ratio.toFixed(2)} ` +
      `(target <= 2.5: ${ratio <= 2.5 ? 'met' : 'MISSED'})  [paired ratios ${ratios.map((r) => r.toFixed(2)).join(' ')}]`,
  );
}
