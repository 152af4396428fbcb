// A 200 MB wheel uploaded (streamed from disk, as twine does) to the registry in a child process: the server's peak
// RSS growth during the upload (VmRSS sampled every 50 ms, and VmHWM; target < 32 MB) and its throughput next to a
// plain copy of the same file (stream pipe + fsync, as the server syncs its file too), alternated 3 times. For
// context, the same upload's RSS growth on the registry again (an identical re-upload, read and hashed whole) and on
// a bare Node server that pipes the body to a file with Node's defaults. The registry's growth includes the check of
// the uploader's password (argon2id maps 19 MiB while it runs); the bare server's is mostly dead network read buffers
// waiting for V8's next scavenge, which the registry runs itself every 4 MiB of upload body (ReadBufferReclaimer)
// when node runs with --expose-gc, as the bin and `npm start` run it; the registry's growth without the flag
// (`node <bin> serve`, no collections of its own) is measured too, each round next to the one with it.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { whilePeakRss } from './processMemory.js';
import { smallWheel, writeLargeWheel } from './registryDistributions.js';
import { signUp, startRegistryProcess, startUploadSinkProcess, uploadDistribution } from './registryServers.js';

const payloadBytes = 200 * 1024 * 1024;
const rounds = 3;
const rssTargetBytes = 32 * 1024 * 1024;
const mib = 1024 * 1024;

/** Runs `upload()` (which must succeed) while sampling the RSS of `pid`: its duration and the server's RSS growth. */
async function whileSamplingRss(pid, upload) {
  const { result: answer, seconds, rssGrowth } = await whilePeakRss(pid, upload);
  if (answer.status !== 200) throw new Error(`the upload answered ${answer.status} ${answer.statusText}`);
  return { seconds, rssGrowth };
}

const digestsOf = (bytes) => ({ sha256: createHash('sha256').update(bytes).digest('hex'), md5: createHash('md5').update(bytes).digest('hex') });

/**
 * One measured upload to a fresh registry (a file is stored once per database): start it, sign up, warm the upload
 * path with a small wheel, upload the big one, then (with `again`) upload it again (answered 200 "already exists" once
 * read whole). `exposeGc`: node runs with --expose-gc, as `npm start` runs it.
 */
async function measureRegistry(workDir, round, wheel, { exposeGc = true, again: uploadAgain = true } = {}) {
  const dataDir = join(workDir, `registry-${round}-${exposeGc ? 'gc' : 'nogc'}`);
  const registry = await startRegistryProcess(dataDir, { KEYBRIDGE_MAX_UPLOAD_BYTES: String(wheel.size + mib) }, { exposeGc });
  try {
    const authorization = await signUp(registry.url, 'bench', 'correct horse battery staple');
    const warmUp = smallWheel(wheel.name, '0.1');
    const warm = await uploadDistribution(registry.url, authorization, warmUp, digestsOf(warmUp.bytes), warmUp.bytes, warmUp.bytes.length);
    if (warm.status !== 200) throw new Error(`the warm-up upload answered ${warm.status} ${warm.statusText}`);
    const upload = () => uploadDistribution(registry.url, authorization, wheel, wheel, wheel.path, wheel.size);
    const first = await whileSamplingRss(registry.pid, upload);
    const again = uploadAgain ? await whileSamplingRss(registry.pid, upload) : { rssGrowth: null };
    const stderr = registry.stderr();
    if (stderr !== '') throw new Error(`the registry wrote to stderr: ${stderr}`);
    return { bytesPerSecond: wheel.size / first.seconds, rssGrowth: first.rssGrowth, rssGrowthAgain: again.rssGrowth };
  } finally {
    await registry.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The same upload (the same bytes on the wire) to a fresh bare Node server, warmed up with a small one. */
async function measureSink(workDir, wheel) {
  const directory = join(workDir, 'sink');
  await mkdir(directory, { recursive: true });
  const sink = await startUploadSinkProcess(directory);
  try {
    const warmUp = smallWheel(wheel.name, '0.1');
    await uploadDistribution(sink.url, '', warmUp, digestsOf(warmUp.bytes), warmUp.bytes, warmUp.bytes.length);
    return await whileSamplingRss(sink.pid, () => uploadDistribution(sink.url, '', wheel, wheel, wheel.path, wheel.size));
  } finally {
    await sink.stop();
    await rm(directory, { recursive: true, force: true });
  }
}

async function measureCopy(workDir, wheel) {
  const target = join(workDir, 'copy.whl');
  const start = performance.now();
  // flush: fsync before the stream closes (Node >= 20.10).
  await pipeline(createReadStream(wheel.path, { highWaterMark: 256 * 1024 }), createWriteStream(target, { flush: true, highWaterMark: 256 * 1024 }));
  const seconds = (performance.now() - start) / 1000;
  await rm(target, { force: true });
  return { bytesPerSecond: wheel.size / seconds };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const inMib = (bytes) => (bytes / mib).toFixed(1);
const throughput = (bytesPerSecond) => `${(bytesPerSecond / mib).toFixed(0)} MiB/s`;

export async function benchRegistryUpload() {
  const workDir = await mkdtemp(join(tmpdir(), 'keybridge-bench-upload-'));
  try {
    const wheel = await writeLargeWheel(join(workDir, 'bench_upload-1.0-py3-none-any.whl'), 'bench-upload', '1.0', payloadBytes);
    const uploads = [];
    const copies = [];
    const sinks = [];
    const withoutGc = [];
    // The registry with --expose-gc stays next to both the copy and the registry without it, the order flipping.
    for (let round = 0; round < rounds; round++) {
      const without = () => measureRegistry(workDir, round, wheel, { exposeGc: false, again: false });
      if (round % 2 === 0) {
        copies.push(await measureCopy(workDir, wheel));
        uploads.push(await measureRegistry(workDir, round, wheel));
        withoutGc.push(await without());
      } else {
        withoutGc.push(await without());
        uploads.push(await measureRegistry(workDir, round, wheel));
        copies.push(await measureCopy(workDir, wheel));
      }
      sinks.push(await measureSink(workDir, wheel));
    }
    const ratios = uploads.map((upload, round) => upload.bytesPerSecond / copies[round].bytesPerSecond);
    console.log(
      `registry upload of a ${inMib(wheel.size)} MiB wheel: ${throughput(median(uploads.map((u) => u.bytesPerSecond)))} vs stream copy + fsync ` +
        `${throughput(median(copies.map((c) => c.bytesPerSecond)))} -> ratio ${median(ratios).toFixed(2)}  [paired ratios ${ratios.map((r) => r.toFixed(2)).join(' ')}]`,
    );
    if ([...uploads, ...withoutGc].every((upload) => upload.rssGrowth !== null)) {
      const worst = Math.max(...uploads.map((upload) => upload.rssGrowth));
      const list = (values) => `${values.map(inMib).join(' ')} MiB`;
      console.log(
        `  server RSS growth during it: registry ${list(uploads.map((u) => u.rssGrowth))}  (target < 32 MiB: ${worst < rssTargetBytes ? 'met' : 'MISSED'})` +
          `; identical re-upload ${list(uploads.map((u) => u.rssGrowthAgain))}; bare Node pipe-to-file server, Node's default GC ${list(sinks.map((s) => s.rssGrowth))}`,
      );
      const costs = withoutGc.map((upload, round) => upload.rssGrowth / uploads[round].rssGrowth);
      console.log(
        `  without --expose-gc (node <bin> serve: no minor GCs of its own): registry ${list(withoutGc.map((u) => u.rssGrowth))}` +
          ` -> ${median(costs).toFixed(2)}× the growth with it  [paired ratios ${costs.map((r) => r.toFixed(2)).join(' ')}]` +
          `, throughput ${throughput(median(withoutGc.map((u) => u.bytesPerSecond)))}`,
      );
    } else {
      console.log('  server RSS growth: not measured (no /proc)');
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
