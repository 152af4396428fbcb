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

export function median(values) {
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
  return alternate(rounds, () => opsPerSecond(baseline, durationMs), () => opsPerSecond(subject, durationMs));
}

/** `rounds` paired measurements of two rates, the order flipping every round; medians and the paired ratios. */
export async function alternate(rounds, measureBaseline, measureSubject) {
  const { baseline: baselineRates, subject: subjectRates } = await alternateRounds(rounds, measureBaseline, measureSubject);
  const ratios = subjectRates.map((s, round) => s / baselineRates[round]);
  return { baseline: median(baselineRates), subject: median(subjectRates), ratio: median(ratios), ratios };
}

/** `rounds` paired measurements (any values), the order flipping every round: both lists, round by round. */
export async function alternateRounds(rounds, measureBaseline, measureSubject) {
  const baseline = [];
  const subject = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      baseline.push(await measureBaseline());
      subject.push(await measureSubject());
    } else {
      subject.push(await measureSubject());
      baseline.push(await measureBaseline());
    }
  }
  return { baseline, subject };
}

/** Two decimals, three below 0.1 (a subject far slower than its baseline). */
const ratioText = (ratio) => ratio.toFixed(ratio < 0.1 ? 3 : 2);

export function report(name, baselineName, result, target) {
  const verdict = target === undefined ? '' : result.ratio >= target ? `  (target >= ${target}: met)` : `  (target >= ${target}: MISSED)`;
  console.log(
    `${name}: ${result.subject.toFixed(0)}/s vs ${baselineName} ${result.baseline.toFixed(0)}/s -> ratio ${ratioText(result.ratio)}${verdict}` +
      `  [paired ratios ${result.ratios.map(ratioText).join(' ')}]`,
  );
}

/**
 * pairedRatio for a subject whose every operation uses up something prepared outside the timing (a half-signed-in
 * session, a challenge, a signed assertion, a one-time code), so its operations are counted, not timed open-ended:
 * `warmUp` subject operations first, then each round times `batch` subject operations (the caller hands them the
 * next prepared items, in order) and the baseline for `baselineMs`, the order flipping every round. The caller
 * prepares warmUp + rounds × batch items. `beforeBatch(count)` (optional, untimed) runs before each group of
 * subject operations, for preparation that must be fresh (a code of the current 30 s step).
 */
export async function pairedBatchRatio({ baseline, subject, batch, rounds = 9, warmUp = batch, baselineMs = 200, beforeBatch = async () => {} }) {
  await opsPerSecond(baseline, 300);
  await beforeBatch(warmUp);
  for (let i = 0; i < warmUp; i++) await subject();
  const timeSubject = async () => {
    await beforeBatch(batch);
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) await subject();
    return batch / (Number(process.hrtime.bigint() - start) / 1e9);
  };
  return alternate(rounds, () => opsPerSecond(baseline, baselineMs), timeSubject);
}

/** How many prepared items pairedBatchRatio uses with these settings. */
export function pairedBatchItems({ batch, rounds = 9, warmUp = batch }) {
  return warmUp + rounds * batch;
}
