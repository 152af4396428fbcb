// Machines here drift by ±70% within minutes, so a subject is never timed alone: each round measures the
// baseline and the subject back to back, and the result is the median of the per-round ratios.

/** Runs `operation` (sync or async) repeatedly for about `durationMs` and returns operations per second. */
export async function opsPerSecond(operation, durationMs) {
  let count = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(durationMs) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 16; i++) await operation();
    count += 16;
    now = process.hrtime.bigint();
  }
  return count / (Number(now - start) / 1e9);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Alternates baseline and subject `rounds` times (the order flips every round) and reports
 * the median baseline and subject rates and the median of the paired subject/baseline ratios.
 */
export async function pairedRatio({ baseline, subject, rounds = 7, durationMs = 400 }) {
  // Warm up both, so that the JIT has settled before the first measured round.
  await opsPerSecond(baseline, 500);
  await opsPerSecond(subject, 500);
  const baselineRates = [];
  const subjectRates = [];
  const ratios = [];
  for (let round = 0; round < rounds; round++) {
    let b;
    let s;
    if (round % 2 === 0) {
      b = await opsPerSecond(baseline, durationMs);
      s = await opsPerSecond(subject, durationMs);
    } else {
      s = await opsPerSecond(subject, durationMs);
      b = await opsPerSecond(baseline, durationMs);
    }
    baselineRates.push(b);
    subjectRates.push(s);
    ratios.push(s / b);
  }
  return { baseline: median(baselineRates), subject: median(subjectRates), ratio: median(ratios), ratios };
}

export function report(name, baselineName, result, target) {
  const verdict = target === undefined ? '' : result.ratio >= target ? `  (target >= ${target}: met)` : `  (target >= ${target}: MISSED)`;
  console.log(
    `${name}: ${result.subject.toFixed(0)}/s vs ${baselineName} ${result.baseline.toFixed(0)}/s -> ratio ${result.ratio.toFixed(2)}${verdict}` +
      `  [paired ratios ${result.ratios.map((r) => r.toFixed(2)).join(' ')}]`,
  );
}
