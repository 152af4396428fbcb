// GET /simple/<project>/ (PEP 503 HTML, 20 files) per second on the registry (SQLite), next to a bare Koa
// hello-world in the same run. Both servers are child processes; one load generator (a keep-alive http.Agent with
// `concurrency` requests in flight) drives them alternately, and the result is the median of the paired ratios.
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestsPerSecond } from './httpRequestRate.js';
import { median, report } from './pairedRatio.js';
import { signUp, startHelloKoaProcess, startRegistryProcess, uploadSmallReleases } from './registryServers.js';

const concurrency = 16;
const rounds = 7;
const roundMs = 1000;

export async function benchRegistrySimpleIndex() {
  const dataDir = await mkdtemp(join(tmpdir(), 'keybridge-bench-simple-'));
  let registry;
  let hello;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    [registry, hello] = await Promise.all([startRegistryProcess(dataDir), startHelloKoaProcess()]);
    const authorization = await signUp(registry.url, 'bench', 'correct horse battery staple');
    // A project of 20 files: ten releases, each an sdist and a wheel.
    await uploadSmallReleases(registry.url, authorization, 'bench-project', 10);
    const projectUrl = `${registry.url}/simple/bench-project/`;
    const page = await (await fetch(projectUrl)).text();
    const links = page.match(/<a /g)?.length ?? 0;
    if (links !== 20) throw new Error(`expected 20 files on ${projectUrl}, found ${links}`);
    const helloUrl = `${hello.url}/`;

    // Warm up both servers (JIT, connection pool), then alternate; the order flips every round.
    const hit = (server, url, durationMs) => requestsPerSecond(agent, url, { pid: server.pid, durationMs, concurrency });
    await hit(hello, helloUrl, 500);
    await hit(registry, projectUrl, 500);
    const baselines = [];
    const subjects = [];
    for (let round = 0; round < rounds; round++) {
      if (round % 2 === 0) {
        baselines.push(await hit(hello, helloUrl, roundMs));
        subjects.push(await hit(registry, projectUrl, roundMs));
      } else {
        subjects.push(await hit(registry, projectUrl, roundMs));
        baselines.push(await hit(hello, helloUrl, roundMs));
      }
    }
    const ratios = subjects.map((subject, round) => subject.rate / baselines[round].rate);
    const result = { baseline: median(baselines.map((b) => b.rate)), subject: median(subjects.map((s) => s.rate)), ratio: median(ratios), ratios };
    report(`registry GET /simple/<project>/ (20 files, SQLite, ${concurrency} in flight)`, 'bare Koa hello-world', result, 0.6);
    if (subjects.every((s) => s.cpuPerRequest !== null) && baselines.every((b) => b.cpuPerRequest !== null)) {
      // Independent of the load generator (which may limit the baseline): what one request costs each server.
      const registryCpu = median(subjects.map((s) => s.cpuPerRequest));
      const helloCpu = median(baselines.map((b) => b.cpuPerRequest));
      console.log(`  server CPU per request (median): registry ${registryCpu.toFixed(0)} µs, bare Koa ${helloCpu.toFixed(0)} µs -> ratio ${(helloCpu / registryCpu).toFixed(2)}`);
    }
    const stderr = registry.stderr();
    if (stderr !== '') console.log(`  registry stderr: ${stderr.trim().split('\n')[0]}`);
  } finally {
    agent.destroy();
    await Promise.all([registry?.stop(), hello?.stop()]);
    await rm(dataDir, { recursive: true, force: true });
  }
}
