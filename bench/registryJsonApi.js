// GET /pypi/<project>/json (PyPI's JSON API) per second for a 50-file project, next to GET /simple/<project>/ of the
// same project on the same registry (SQLite) in the same run: the issue that asked for the cache measured the JSON
// API at 1/28 of the Simple page's rate. One load generator (a keep-alive http.Agent, `concurrency` requests in
// flight) alternates the two; the result is the median of the paired ratios.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestsPerSecond } from './httpRequestRate.js';
import { alternate, report } from './pairedRatio.js';
import { smallSdist, smallWheel } from './registryDistributions.js';
import { signUp, startRegistryProcess, uploadDistribution } from './registryServers.js';

const concurrency = 32;
const releases = 25;

export async function benchRegistryJsonApi() {
  const dataDir = await mkdtemp(join(tmpdir(), 'keybridge-bench-json-'));
  let registry;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    registry = await startRegistryProcess(dataDir);
    const authorization = await signUp(registry.url, 'bench', 'correct horse battery staple');
    for (let minor = 0; minor < releases; minor++) {
      for (const distribution of [smallSdist('bench-project', `1.${minor}.0`), smallWheel('bench-project', `1.${minor}.0`)]) {
        const digests = { sha256: createHash('sha256').update(distribution.bytes).digest('hex'), md5: createHash('md5').update(distribution.bytes).digest('hex') };
        const answer = await uploadDistribution(registry.url, authorization, distribution, digests, distribution.bytes, distribution.bytes.length);
        if (answer.status !== 200) throw new Error(`uploading ${distribution.filename} answered ${answer.status} ${answer.statusText}`);
      }
    }
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
