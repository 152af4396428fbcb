// GET rates of a server under a constant number of requests in flight, for the registry benches.
import { get } from 'node:http';
import { cpuMicroseconds } from './registryServers.js';

/** One GET of `url` through `agent`, its body read and dropped; rejects unless the answer is 200. */
export function fetchOnce(agent, url) {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (response) => {
      if (response.statusCode !== 200) reject(new Error(`GET ${url} answered ${response.statusCode}`));
      response.on('data', () => undefined);
      response.once('end', resolve);
      response.once('error', reject);
    }).once('error', reject);
  });
}

/**
 * Completed GETs of `url` per second over about `durationMs`, `concurrency` in flight at all times, and the CPU time
 * the server (process `pid`) spent per request.
 */
export async function requestsPerSecond(agent, url, { pid, durationMs, concurrency }) {
  let completed = 0;
  const cpuBefore = cpuMicroseconds(pid);
  const start = performance.now();
  const deadline = start + durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      await fetchOnce(agent, url);
      completed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpuAfter = cpuMicroseconds(pid);
  return { rate: completed / ((performance.now() - start) / 1000), cpuPerRequest: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / completed };
}
