// Upload latency of a small wheel with an API token (HTTP Basic `__token__:kbr-…`) next to the same upload with the
// user's password, against the same registry (a child process, SQLite in a temp dir), alternated one by one with the
// order flipping every pair. Every upload is a new version of the same project, so each really stores a file and
// writes its release. The token is the kind CI gets: scoped to that project, with an expiry and a source address.
// The password path runs argon2id (m=19456, t=2) once per upload; the token path only HMACs and one token lookup.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './pairedRatio.js';
import { smallWheel } from './registryDistributions.js';
import { basicAuthorization, cpuMicroseconds, createToken, signUpWithSession, startRegistryProcess, uploadDistribution } from './registryServers.js';

const project = 'bench-token-upload';
const password = 'correct horse battery staple';
const warmUpPairs = 3;
const pairs = 21;

export async function benchRegistryTokenUpload() {
  const dataDir = await mkdtemp(join(tmpdir(), 'keybridge-bench-token-upload-'));
  let registry;
  try {
    registry = await startRegistryProcess(dataDir);
    const session = await signUpWithSession(registry.url, 'bench', password);
    let release = 0;
    /** Server CPU time by credential kind (summed: one upload is only a few 10 ms ticks of /proc). */
    const cpu = new Map();
    /** Uploads the next version of the project; its latency in ms. */
    const upload = async (authorization, kind = null) => {
      const wheel = smallWheel(project, `1.${release++}`);
      const digests = { sha256: createHash('sha256').update(wheel.bytes).digest('hex'), md5: createHash('md5').update(wheel.bytes).digest('hex') };
      const cpuBefore = cpuMicroseconds(registry.pid);
      const start = performance.now();
      const answer = await uploadDistribution(registry.url, authorization, wheel, digests, wheel.bytes, wheel.bytes.length);
      const ms = performance.now() - start;
      const cpuAfter = cpuMicroseconds(registry.pid);
      if (kind !== null && cpuBefore !== null && cpuAfter !== null) cpu.set(kind, (cpu.get(kind) ?? 0) + cpuAfter - cpuBefore);
      if (answer.status !== 200) throw new Error(`uploading ${wheel.filename} answered ${answer.status} ${answer.statusText}`);
      return ms;
    };
    // The project must exist before a token can be scoped to it.
    await upload(session.basic);
    const token = await createToken(registry.url, session, {
      name: 'ci',
      projects: [project],
      expiresAt: Math.floor(Date.now() / 1000) + 86_400,
      sourceAddresses: ['127.0.0.1'],
    });
    const tokenAuthorization = basicAuthorization('__token__', token);

    // Warm-up (JIT, the token's first use from this address, which writes an event), then alternate.
    for (let i = 0; i < warmUpPairs; i++) {
      await upload(session.basic);
      await upload(tokenAuthorization);
    }
    const passwordMs = [];
    const tokenMs = [];
    for (let pair = 0; pair < pairs; pair++) {
      if (pair % 2 === 0) {
        passwordMs.push(await upload(session.basic, 'password'));
        tokenMs.push(await upload(tokenAuthorization, 'token'));
      } else {
        tokenMs.push(await upload(tokenAuthorization, 'token'));
        passwordMs.push(await upload(session.basic, 'password'));
      }
    }
    const ratios = passwordMs.map((ms, pair) => ms / tokenMs[pair]);
    const wheelBytes = smallWheel(project, '1.0').bytes.length;
    console.log(
      `registry upload of a ${wheelBytes}-byte wheel (SQLite), median latency: API token ${median(tokenMs).toFixed(1)} ms vs password ` +
        `${median(passwordMs).toFixed(1)} ms -> password/token ratio ${median(ratios).toFixed(2)}  [paired ratios ${ratios.map((r) => r.toFixed(2)).join(' ')}]`,
    );
    if (cpu.has('password') && cpu.has('token')) {
      const perUpload = (kind) => cpu.get(kind) / pairs / 1000;
      console.log(
        `  server CPU per upload (mean of ${pairs}): API token ${perUpload('token').toFixed(1)} ms, password ${perUpload('password').toFixed(1)} ms` +
          ` -> ratio ${(perUpload('password') / perUpload('token')).toFixed(2)}`,
      );
    }
    const stderr = registry.stderr();
    if (stderr !== '') console.log(`  registry stderr: ${stderr.trim().split('\n')[0]}`);
  } finally {
    await registry?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
