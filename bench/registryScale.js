// `npm run bench:scale`: what the registry's costs do as the index grows (issue 15). On SQLite and on PostgreSQL (a
// throwaway cluster), a database of 100,000 projects and 500,000 files is seeded straight into the schema
// (registryScaleSeed.js) next to one of 10 projects of the same shape, each served by its own registry process, and
// every measure of the large one is taken alternately with the same measure of the small one, the order flipping
// every round; each prints its target and whether it was met:
// - GET /simple/<project>/ per second (a project of 5 files, `concurrency` requests in flight; target >= 0.9x);
// - an upload (API token) of a new release of an existing project, and of a new project (latency; target >= 0.8x);
// - GET /simple/ (the whole index): time to first byte, total time, the server's RSS growth while it is served
//   (target < 32 MiB: streamed, not built in memory), and 304 for a repeated request with its ETag;
// - migrating the seeded database (at the schema before the newest migration) to the newest: time, and that no table
//   is rewritten (SQLite root pages, PostgreSQL relfilenodes unchanged).
// Then `serve --workers 2` against `--workers 1` on /simple/<project>/ of the large SQLite database (target >= 1.6x),
// loaded by wrk (a C generator, still on the same 2 cores).
// `npm run bench:scale -- sqlite` or `-- postgres` runs one database only; `-- 20000` seeds 20,000 projects instead.
import { createHash } from 'node:crypto';
import { Agent, request } from 'node:http';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { requestsPerSecond } from './httpRequestRate.js';
import { alternateRounds, median } from './pairedRatio.js';
import { whilePeakRss } from './processMemory.js';
import { smallSdist } from './registryDistributions.js';
import { filesPerProject, ownEveryProject, seededProject, seedRegistryDatabase, timeMigration } from './registryScaleSeed.js';
import { basicAuthorization, cpuMicroseconds, createToken, signUpWithSession, startRegistryProcess, uploadDistribution } from './registryServers.js';
import { hasWrk, wrkRequestsPerSecond } from './wrkRequestRate.js';
import { transpileTestModules } from '../test/uhid/transpileTestModules.mjs';

/** The tests' throwaway PostgreSQL cluster (test/support/PostgresCluster.ts) as plain JavaScript, for the PostgreSQL runs only. */
async function loadPostgresCluster() {
  const [module] = await transpileTestModules([new URL('../test/support/PostgresCluster.ts', import.meta.url)]);
  return import(pathToFileURL(module).href);
}

const words = process.argv.slice(2);
// A number among the arguments seeds that many projects instead (a quicker try; the targets are for 100,000).
const largeProjects = Number(words.find((word) => /^\d+$/.test(word)) ?? 100_000);
const smallProjects = 10;
const concurrency = 16;
const rateRounds = 7;
const roundMs = 1000;
// wrk measures in whole seconds.
const workerRoundMs = 2000;
const uploadPairs = 25;
const rootRounds = 3;
const mib = 1024 * 1024;
const password = 'correct horse battery staple';

const results = [];
let currentDatabase = '';

/** Prints a measure with its target and verdict, and keeps it for the summary. */
function verdict(name, value, target, met) {
  const line = `${name}: ${value}  (target ${target}: ${met ? 'met' : 'MISSED'})`;
  results.push(`${currentDatabase}${line.trimStart()}`);
  console.log(line);
}

const ratioText = (ratio) => ratio.toFixed(2);

/** `rounds` paired measurements, the small database's (the baseline) and the large one's, the order flipping each round. */
async function alternate(rounds, measureLarge, measureSmall) {
  const { baseline: small, subject: large } = await alternateRounds(rounds, measureSmall, measureLarge);
  return { large, small };
}

/** One GET of `url`: status, ETag, time to the first body byte and to the end (ms), body bytes; `keep`: the body too. */
function timedGet(url, headers = {}, { keep = false } = {}) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let firstByteMs = null;
    let bytes = 0;
    const chunks = [];
    const req = request(url, { headers, agent: false }, (response) => {
      response.on('data', (chunk) => {
        firstByteMs ??= performance.now() - start;
        bytes += chunk.length;
        if (keep) chunks.push(chunk);
      });
      response.once('end', () =>
        resolve({
          status: response.statusCode,
          etag: response.headers.etag,
          firstByteMs: firstByteMs ?? performance.now() - start,
          totalMs: performance.now() - start,
          bytes,
          body: keep ? Buffer.concat(chunks).toString('utf8') : null,
        }),
      );
      response.once('error', reject);
    });
    req.once('error', reject);
    req.end();
  });
}

/** A registry database (`kind`) of `projects` projects with its own registry process, a user owning them all and a token. */
async function startScaleRegistry(kind, projects, { cluster, workDir, label }) {
  const dataDir = join(workDir, label);
  const databaseUrl = kind === 'postgres' ? await cluster.createDatabase(label) : `sqlite:${join(dataDir, 'registry.sqlite3')}`;
  await mkdir(dataDir, { recursive: true });
  const seedStart = performance.now();
  const db = await seedRegistryDatabase(databaseUrl, projects);
  const seedMs = performance.now() - seedStart;
  const migration = await timeMigration(db);
  const registry = await startRegistryProcess(dataDir, { DATABASE_URL: databaseUrl, KEYBRIDGE_LOG_LEVEL: 'warn' });
  const session = await signUpWithSession(registry.url, 'bench', password);
  const { id: userId } = await db('users').where('username', 'bench').first('id');
  await ownEveryProject(db, userId);
  const token = await createToken(registry.url, session, { name: 'bench' });
  return { kind, projects, dataDir, databaseUrl, db, seedMs, migration, registry, authorization: basicAuthorization('__token__', token) };
}

async function stopScaleRegistry(scale) {
  await scale?.registry.stop();
  await scale?.db.destroy();
}

/** GET /simple/<project>/ per second on both, alternated. */
async function measureProjectPages(large, small) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    // A project in the middle of the large index; the small one's middle project: pages of the same 5 files.
    const urlOf = (scale) => `${scale.registry.url}/simple/${seededProject(Math.ceil(scale.projects / 2)).toLowerCase()}/`;
    for (const scale of [large, small]) {
      const page = await timedGet(urlOf(scale), {}, { keep: true });
      const links = page.body.match(/<a /g)?.length ?? 0;
      if (page.status !== 200 || links !== filesPerProject) throw new Error(`${urlOf(scale)} answered ${page.status} with ${links} files`);
    }
    const hit = (scale, durationMs) => requestsPerSecond(agent, urlOf(scale), { pid: scale.registry.pid, durationMs, concurrency });
    await hit(large, 500);
    await hit(small, 500);
    const { large: l, small: s } = await alternate(rateRounds, () => hit(large, roundMs), () => hit(small, roundMs));
    const ratios = l.map((each, round) => each.rate / s[round].rate);
    verdict(
      `  GET /simple/<project>/ (${concurrency} in flight)`,
      `${median(l.map((each) => each.rate)).toFixed(0)}/s vs ${median(s.map((each) => each.rate)).toFixed(0)}/s on ${smallProjects} projects -> ${ratioText(median(ratios))}x [${ratios.map(ratioText).join(' ')}]`,
      '>= 0.9x',
      median(ratios) >= 0.9,
    );
  } finally {
    agent.destroy();
  }
}

const digestsOf = (bytes) => ({ sha256: createHash('sha256').update(bytes).digest('hex'), md5: createHash('md5').update(bytes).digest('hex') });

/** Upload latency on both, alternated: a new release of an existing project, and a new project. */
async function measureUploads(large, small) {
  let sequence = 0;
  /** Server CPU (µs) spent in the measured uploads, by registry. */
  const cpu = new Map();
  const upload = async (scale, newProject) => {
    const n = sequence++;
    // New projects' names fold to nothing seeded (see ultranormalizeProjectName): 'bench-new-<n>'.
    const project = newProject ? `bench-new-${n}` : seededProject(Math.ceil(scale.projects / 3));
    const sdist = smallSdist(project, `3.${n}`);
    const cpuBefore = cpuMicroseconds(scale.registry.pid);
    const start = performance.now();
    const answer = await uploadDistribution(scale.registry.url, scale.authorization, sdist, digestsOf(sdist.bytes), sdist.bytes, sdist.bytes.length);
    const ms = performance.now() - start;
    const cpuAfter = cpuMicroseconds(scale.registry.pid);
    if (cpuBefore !== null && cpuAfter !== null) cpu.set(scale, (cpu.get(scale) ?? 0) + cpuAfter - cpuBefore);
    if (answer.status !== 200) throw new Error(`uploading ${sdist.filename} to the ${scale.projects}-project registry answered ${answer.status} ${answer.statusText}`);
    return ms;
  };
  for (const [label, newProject] of [['a new release of an existing project', false], ['a new project', true]]) {
    for (let warm = 0; warm < 3; warm++) {
      await upload(large, newProject);
      await upload(small, newProject);
    }
    cpu.clear();
    const { large: l, small: s } = await alternate(uploadPairs, () => upload(large, newProject), () => upload(small, newProject));
    // As rates: the small database's latency over the large one's.
    const ratios = l.map((ms, pair) => s[pair] / ms);
    // Less disturbed by other work on the machine than latency: the server's own CPU (in 10 ms ticks, summed).
    const cpuText = cpu.size === 2 ? `; server CPU per upload ${(cpu.get(large) / uploadPairs / 1000).toFixed(1)} ms vs ${(cpu.get(small) / uploadPairs / 1000).toFixed(1)} ms` : '';
    verdict(
      `  upload of ${label} (API token, median latency)`,
      `${median(l).toFixed(1)} ms vs ${median(s).toFixed(1)} ms on ${smallProjects} projects -> ${ratioText(median(ratios))}x the rate [${ratios.map(ratioText).join(' ')}]${cpuText}`,
      '>= 0.8x',
      median(ratios) >= 0.8,
    );
  }
}

/** GET /simple/ (HTML and JSON) on both: first byte, total, the server's RSS growth; and 304 with the ETag. */
async function measureRootIndex(large, small) {
  const expected = await large.db('projects').count({ count: '*' }).first();
  for (const [format, accept] of [['HTML', 'text/html'], ['JSON', 'application/vnd.pypi.simple.v1+json']]) {
    const rootOf = (scale) => `${scale.registry.url}/simple/`;
    // The first request after start too: a server that built the index in memory and cached it would grow then only.
    const { result: whole, rssGrowth: firstGrowth } = await whilePeakRss(large.registry.pid, () => timedGet(rootOf(large), { accept }, { keep: true }), 5);
    const entries = format === 'HTML' ? (whole.body.match(/<a href=/g)?.length ?? 0) : JSON.parse(whole.body).projects.length;
    if (whole.status !== 200 || entries !== Number(expected.count)) throw new Error(`/simple/ (${format}) answered ${whole.status} with ${entries} entries, not ${expected.count}`);
    await timedGet(rootOf(small), { accept });
    const measure = async (scale) => {
      const { result, rssGrowth } = await whilePeakRss(scale.registry.pid, () => timedGet(rootOf(scale), { accept }), 5);
      if (result.status !== 200) throw new Error(`/simple/ answered ${result.status}`);
      return { ...result, rssGrowth };
    };
    const { large: l, small: s } = await alternate(rootRounds, () => measure(large), () => measure(small));
    const ms = (runs, key) => median(runs.map((run) => run[key])).toFixed(1);
    console.log(
      `  GET /simple/ ${format}, ${Number(expected.count).toLocaleString('en')} entries (${(median(l.map((run) => run.bytes)) / mib).toFixed(1)} MiB): first byte ${ms(l, 'firstByteMs')} ms, ` +
        `total ${ms(l, 'totalMs')} ms; on ${smallProjects} projects: first byte ${ms(s, 'firstByteMs')} ms, total ${ms(s, 'totalMs')} ms (medians of ${rootRounds})`,
    );
    const growth = Math.max(firstGrowth ?? Number.NaN, ...l.map((run) => run.rssGrowth ?? Number.NaN));
    verdict(
      `  GET /simple/ ${format}: server RSS growth while serving ${Number(expected.count).toLocaleString('en')} entries (largest of the first request and ${rootRounds} more)`,
      `${(growth / mib).toFixed(1)} MiB (on ${smallProjects} projects: ${(Math.max(...s.map((run) => run.rssGrowth ?? Number.NaN)) / mib).toFixed(1)} MiB)`,
      '< 32 MiB',
      growth < 32 * mib,
    );
    const revalidated = await timedGet(rootOf(large), { accept, 'if-none-match': whole.etag });
    verdict(`  GET /simple/ ${format} again with its ETag`, `${revalidated.status} in ${revalidated.totalMs.toFixed(1)} ms`, '304', revalidated.status === 304);
  }
}

function reportMigration(large, small) {
  verdict(
    `  migration to the newest schema (${large.migration.applied.join(', ')})`,
    `${large.migration.ms.toFixed(0)} ms vs ${small.migration.ms.toFixed(0)} ms on ${smallProjects} projects; tables rewritten: ${large.migration.rewritten.join(', ') || 'none'}`,
    'no table rewritten',
    large.migration.rewritten.length === 0 && small.migration.rewritten.length === 0,
  );
}

/**
 * `serve --workers 2` against `--workers 1` on the large database's /simple/<project>/, alternated. The load comes
 * from wrk (C): a Node generator in this process costs about a core itself, which on 2 cores leaves the second
 * worker none of its own.
 */
async function measureWorkers(large) {
  if (!hasWrk()) {
    verdict('  GET /simple/<project>/ with --workers 2 vs --workers 1', 'wrk not installed (scripts/install-debian-packages.sh installs it)', 'measured', false);
    return;
  }
  const url = (registry) => `${registry.url}/simple/${seededProject(Math.ceil(large.projects / 2)).toLowerCase()}/`;
  const env = { DATABASE_URL: large.databaseUrl, KEYBRIDGE_LOG_LEVEL: 'warn' };
  let one;
  let two;
  const connections = 32;
  try {
    [one, two] = await Promise.all([startRegistryProcess(large.dataDir, env, { args: ['--workers', '1'] }), startRegistryProcess(large.dataDir, env, { args: ['--workers', '2'] })]);
    const hit = (registry, durationMs) => wrkRequestsPerSecond(url(registry), { durationMs, connections });
    await hit(one, 1000);
    await hit(two, 1000);
    const { large: w2, small: w1 } = await alternate(rateRounds, () => hit(two, workerRoundMs), () => hit(one, workerRoundMs));
    const ratios = w2.map((each, round) => each.rate / w1[round].rate);
    verdict(
      `  GET /simple/<project>/ with --workers 2 vs --workers 1 (wrk, ${connections} connections, on the same 2 cores)`,
      `${median(w2.map((each) => each.rate)).toFixed(0)}/s vs ${median(w1.map((each) => each.rate)).toFixed(0)}/s -> ${ratioText(median(ratios))}x [${ratios.map(ratioText).join(' ')}]`,
      '>= 1.6x',
      median(ratios) >= 1.6,
    );
  } finally {
    await Promise.all([one?.stop(), two?.stop()]);
  }
}

async function benchDatabase(kind, workDir) {
  currentDatabase = kind === 'sqlite' ? 'SQLite: ' : 'PostgreSQL: ';
  let cluster;
  let large;
  let small;
  try {
    if (kind === 'postgres') {
      const { findPostgresBinaries, PostgresCluster } = await loadPostgresCluster();
      const binDir = findPostgresBinaries();
      if (binDir === null) {
        verdict('PostgreSQL', 'not installed (scripts/install-debian-packages.sh installs it)', 'measured', false);
        return;
      }
      cluster = new PostgresCluster(binDir, 'keybridge-bench-postgres-');
      process.once('exit', () => cluster.destroy());
      await cluster.start();
    }
    large = await startScaleRegistry(kind, largeProjects, { cluster, workDir, label: `${kind}_large` });
    small = await startScaleRegistry(kind, smallProjects, { cluster, workDir, label: `${kind}_small` });
    const rows = async (scale, table) => Number((await scale.db(table).count({ count: '*' }).first()).count);
    console.log(
      `${kind === 'sqlite' ? 'SQLite' : `PostgreSQL (${cluster.version})`}: seeded ${(await rows(large, 'projects')).toLocaleString('en')} projects, ` +
        `${(await rows(large, 'files')).toLocaleString('en')} files in ${(large.seedMs / 1000).toFixed(1)} s (and ${smallProjects} projects, ${await rows(small, 'files')} files)`,
    );
    reportMigration(large, small);
    await measureProjectPages(large, small);
    await measureUploads(large, small);
    await measureRootIndex(large, small);
    if (kind === 'sqlite') await measureWorkers(large);
    for (const scale of [large, small]) {
      const stderr = scale.registry.stderr();
      if (stderr !== '') console.log(`  registry (${scale.projects} projects) stderr: ${stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
    }
  } finally {
    await stopScaleRegistry(large);
    await stopScaleRegistry(small);
    cluster?.destroy();
  }
}

const kinds = ['sqlite', 'postgres'].filter((kind) => words.length === 0 || words.includes(kind));
console.log(`node ${process.version}, ${new Date().toISOString()}: the registry with ${largeProjects.toLocaleString('en')} projects next to ${smallProjects}`);
const workDir = await mkdtemp(join(tmpdir(), 'keybridge-bench-scale-'));
try {
  for (const kind of kinds) await benchDatabase(kind, workDir);
} finally {
  await rm(workDir, { recursive: true, force: true });
}
console.log(`\nSummary:\n${results.join('\n')}`);
