// Child-process servers and an HTTP client for the registry benchmarks: the real registry bin, a bare Koa
// hello-world, sign-up, and uploads whose body is streamed (from memory or from disk) at the pace the server reads.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { smallSdist, smallWheel } from './registryDistributions.js';

const registryBin = fileURLToPath(new URL('../packages/registry/dist/bin/keybridge-registry.js', import.meta.url));
const helloKoa = fileURLToPath(new URL('./registryHelloKoa.js', import.meta.url));
const uploadSink = fileURLToPath(new URL('./registryUploadSink.js', import.meta.url));

/** Spawns `node nodeArgs script args` and resolves once it prints "listening on <url>": { url, pid, stop() }. */
async function startServerProcess(script, args, env, nodeArgs = []) {
  const childEnv = {};
  // The caller's registry settings must not leak into the benchmark's registry.
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith('KEYBRIDGE_') && name !== 'DATABASE_URL') childEnv[name] = value;
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { env: { ...childEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const keepStdout = (chunk) => (stdout += chunk);
  child.stdout.setEncoding('utf8').on('data', keepStdout);
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 20 s:\n${stdout}${stderr}`)), 20_000);
    const onData = () => {
      const match = /listening on (http:\/\/\S+)\n/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        // From here on the registry writes an access-log line per request: drained, not kept (keeping megabytes of
        // it would cost this process CPU that the measured server shares).
        child.stdout.off('data', keepStdout);
        child.stdout.resume();
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code ?? signal}) before listening:\n${stdout}${stderr}`));
    });
  });
  return {
    url,
    pid: child.pid,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * `keybridge-registry serve` on 127.0.0.1 and a free port, with its data (SQLite, files) in `dataDir`. Node runs with
 * --expose-gc, as the bin's shebang and `npm start` run it; `exposeGc: false` runs it as `node <bin>` does (uploads
 * then run no minor GCs of their own). `args`: more arguments to serve (`['--workers', '2']`).
 */
export function startRegistryProcess(dataDir, env = {}, { exposeGc = true, args = [] } = {}) {
  const environment = { KEYBRIDGE_HOST: '127.0.0.1', KEYBRIDGE_PORT: '0', KEYBRIDGE_DATA_DIR: dataDir, ...env };
  return startServerProcess(registryBin, ['serve', ...args], environment, exposeGc ? ['--expose-gc'] : []);
}

/** A bare Koa app answering "Hello World", the baseline of the Simple API benchmark. */
export function startHelloKoaProcess() {
  return startServerProcess(helloKoa, [], {});
}

/** A bare node:http server storing request bodies in `directory`, the memory baseline of the upload benchmark. */
export function startUploadSinkProcess(directory) {
  return startServerProcess(uploadSink, [directory], {});
}

/** Signs a user up through the JSON API and returns the Authorization header twine would send for it. */
export async function signUp(url, username, password) {
  const response = await fetch(`${url}/api/v1/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (response.status !== 201) throw new Error(`sign-up answered ${response.status} ${response.statusText}`);
  return basicAuthorization(username, password);
}

/** An HTTP Basic Authorization header value (an API token is the password of `__token__`). */
export function basicAuthorization(username, password) {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** Signs `username` up over the JSON API; returns its session cookie and CSRF token (what /api/v1/tokens needs). */
export async function signUpWithSession(url, username, password) {
  const response = await fetch(`${url}/api/v1/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (response.status !== 201) throw new Error(`sign-up answered ${response.status} ${await response.text()}`);
  const { csrfToken } = await response.json();
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0].trim())
    .join('; ');
  return { cookie, csrfToken, basic: basicAuthorization(username, password) };
}

/** POST /api/v1/tokens as the signed-in user; the new token string. */
export async function createToken(url, session, request) {
  const response = await fetch(`${url}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    body: JSON.stringify(request),
  });
  if (response.status !== 201) throw new Error(`creating a token answered ${response.status} ${await response.text()}`);
  return (await response.json()).token;
}

const boundary = '----keybridgeBenchBoundary5Kq8Zt';

/** The fields twine sends for a distribution (those the registry reads), in twine's order with the file last. */
function uploadFields(distribution, digests) {
  const fields = [
    ['name', distribution.name],
    ['version', distribution.version],
    ['filetype', distribution.filetype],
    ['pyversion', distribution.pyversion],
    ['metadata_version', '2.1'],
    ['summary', `The ${distribution.name} package`],
    ['description', `# ${distribution.name}\n`],
    ['description_content_type', 'text/markdown'],
    ['requires_python', '>=3.8'],
    ['sha256_digest', digests.sha256],
    ['md5_digest', digests.md5],
    [':action', 'file_upload'],
    ['protocol_version', '1'],
  ];
  const text = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('');
  return Buffer.from(
    `${text}--${boundary}\r\nContent-Disposition: form-data; name="content"; filename="${distribution.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
}

/**
 * POSTs `distribution` to /legacy/ as twine does, its bytes from `source` (a Buffer, or a file path streamed from
 * disk with back-pressure). Resolves with { status, statusText, body }.
 */
export function uploadDistribution(url, authorization, distribution, digests, source, size) {
  const head = uploadFields(distribution, digests);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const target = new URL('/legacy/', url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + size + tail.length), authorization },
    });
    req.once('error', reject);
    req.once('response', (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk) => (body += chunk));
      response.once('end', () => resolve({ status: response.statusCode, statusText: response.statusMessage, body }));
      response.once('error', reject);
    });
    req.write(head);
    if (Buffer.isBuffer(source)) {
      req.end(Buffer.concat([source, tail]));
      return;
    }
    const file = createReadStream(source, { highWaterMark: 256 * 1024 });
    file.once('error', (error) => req.destroy(error));
    file.pipe(req, { end: false });
    file.once('end', () => req.end(tail));
  });
}

/** CPU time (user + system, every thread: argon2 runs on worker threads) of process `pid` in µs, or null without /proc. */
export function cpuMicroseconds(pid) {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in USER_HZ (100/s).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return null;
  }
}

/** Uploads `releases` releases of `project` (1.0.0, 1.1.0, …), each a small sdist and a wheel; throws unless all succeed. */
export async function uploadSmallReleases(url, authorization, project, releases) {
  for (let minor = 0; minor < releases; minor++) {
    for (const distribution of [smallSdist(project, `1.${minor}.0`), smallWheel(project, `1.${minor}.0`)]) {
      const digests = { sha256: createHash('sha256').update(distribution.bytes).digest('hex'), md5: createHash('md5').update(distribution.bytes).digest('hex') };
      const answer = await uploadDistribution(url, authorization, distribution, digests, distribution.bytes, distribution.bytes.length);
      if (answer.status !== 200) throw new Error(`uploading ${distribution.filename} answered ${answer.status} ${answer.statusText}`);
    }
  }
}
