// GET /pypi/<project>/json (PyPI's JSON API) per second for a 50-file project, next to GET /simple/<project>/ of the
// same project on the same registry (SQLite) in the same run: the issue that asked for the cache measured the JSON
// API at 1/28 of the Simple page's rate. One load generator (a keep-alive http.Agent, `concurrency` requests in
// flight) alternates the two; the result is the median of the paired ratios.
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestsPerSecond } from './httpRequestRate.js';
import { alternate, report } from './pairedRatio.js';
import { signUp, startRegistryProcess, uploadSmallReleases } from './registryServers.js';

const concurrency = 32;
const releases = 25;

export async function benchRegistryJsonApi() {
  const dataDir = await mkdtemp(join(tmpdir(), 'keybridge-bench-json-'));
  let registry;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    registry = await startRegistryProcess(dataDir);
    const authorization = await signUp(registry.url, 'bench', 'correct horse battery staple');
    await uploadSmallReleases(registry.url, authorization, 'bench-project', releases);
    const jsonUrl = `${registry.url}/pypi/bench-project/json`;
    const simpleUrl = `${registry.url}/simple/bench-project/`;
    const document = await (await fetch(jsonUrl)).json();
    const files = Object.values(document.releases).flat().length;
    if (files !== 2 * releases) throw new Error(`expected ${2 * releases} files in ${jsonUrl}, found ${files}`);

    const rate = async (url, durationMs) => (await requestsPerSecond(agent, url, { pid: registry.pid, durationMs, concurrency })).rate;
    await rate(simpleUrl, 500);
    await rate(jsonUrl, 500);
    const result = await alternate(7, () => rate(simpleUrl, 1000), () => rate(jsonUrl, 1000));
    report(`registry GET /pypi/<project>/json (${2 * releases} files, SQLite, ${concurrency} in flight)`, 'GET /simple/<project>/', result, 0.5);
  } finally {
    agent.destroy();
    await registry?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
