// Resident memory of another process (a registry under a benchmark) from /proc: its RSS, and its peak (VmHWM), which
// Linux resets on request so that the peak of one operation can be read.
import { readFileSync, writeFileSync } from 'node:fs';

/** A line of /proc/<pid>/status in bytes (VmRSS, VmHWM), or null without /proc. */
export function procStatusBytes(pid, field) {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Resets the peak RSS (VmHWM) of `pid` to its current RSS (Linux >= 4.0); false where that is not possible. */
export function resetPeakRss(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `operation()` while sampling the RSS of `pid` every `intervalMs`: its result, its duration and the RSS growth
 * over the RSS just before (the larger of the samples' peak and VmHWM, which also catches peaks between samples), or
 * null without /proc.
 */
export async function whilePeakRss(pid, operation, intervalMs = 50) {
  const before = procStatusBytes(pid, 'VmRSS');
  const peakReset = resetPeakRss(pid);
  let peak = before;
  const sampler = setInterval(() => {
    const rss = procStatusBytes(pid, 'VmRSS');
    if (rss !== null && peak !== null && rss > peak) peak = rss;
  }, intervalMs);
  const start = performance.now();
  let result;
  try {
    result = await operation();
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - start) / 1000;
  const highWaterMark = peakReset ? procStatusBytes(pid, 'VmHWM') : null;
  return { result, seconds, rssGrowth: before === null || peak === null ? null : Math.max(peak, highWaterMark ?? 0) - before };
}
