// The registry's two-step login driven over its JSON API, for the second-factor benchmarks: sign-up, the password
// step (which leaves a half-signed-in session: cookie + CSRF token), JSON calls as such a session, preparation in
// parallel (argon2 runs on the registry's worker threads), a process's CPU time from /proc, and the HTTP floor.
import { Agent, request } from 'node:http';
import { opsPerSecond, pairedRatio, report } from './pairedRatio.js';
import { cpuMicroseconds, startHelloKoaProcess } from './registryServers.js';

export const benchPassword = 'correct horse battery staple';

/** The cookies a response sets, as a Cookie header. */
function cookiesOf(response) {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0].trim())
    .join('; ');
}

/** The headers of a JSON POST as `session` ({ cookie, csrfToken }), or anonymous. */
export function jsonHeaders(session) {
  return session ? { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken } : { 'content-type': 'application/json' };
}

/** POSTs `body` (JSON, or nothing) to `path` as `session`; the parsed answer, or an error if the status is not `expected`. */
export async function postJson(url, path, body, session, expected = 200) {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers: jsonHeaders(session), body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status !== expected) throw new Error(`POST ${path} answered ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * The measured requests' client: node:http on one keep-alive connection (a few times less CPU per request than
 * fetch, which is used for the preparation). post(path, headers, body: Buffer) resolves with the status, and the
 * answer's text unless it is 200.
 */
export function keepAliveClient(baseUrl) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port } = new URL(baseUrl);
  const post = (path, headers, body) =>
    new Promise((resolve, reject) => {
      const req = request({ host: hostname, port, path, method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } }, (response) => {
        if (response.statusCode === 200) {
          response.resume();
          response.once('end', () => resolve({ status: 200, text: '' }));
        } else {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk) => (text += chunk));
          response.once('end', () => resolve({ status: response.statusCode, text }));
        }
        response.once('error', reject);
      });
      req.once('error', reject);
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}

/** Signs `username` up; its session (full, in sudo mode: what adding a second factor needs). */
export async function signUp(url, username) {
  const response = await fetch(`${url}/api/v1/accounts`, { method: 'POST', headers: jsonHeaders(), body: JSON.stringify({ username, password: benchPassword }) });
  if (response.status !== 201) throw new Error(`sign-up answered ${response.status} ${await response.text()}`);
  return { cookie: cookiesOf(response), csrfToken: (await response.json()).csrfToken };
}

/** The password step of a login for an account with a second factor: its half-signed-in session. */
export async function logInHalfway(url, username) {
  const response = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: jsonHeaders(), body: JSON.stringify({ username, password: benchPassword }) });
  const body = await response.json();
  if (response.status !== 200 || body.secondFactorRequired !== true) throw new Error(`the password step answered ${response.status} ${JSON.stringify(body)}`);
  return { cookie: cookiesOf(response), csrfToken: body.csrfToken };
}

/** `work(i)` for i in [0, count), at most `concurrency` at a time; the results in index order. */
export async function inParallel(count, concurrency, work) {
  const results = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/**
 * Wraps `step` (one measured request) to add up its wall time and this process's CPU time (the client's side)
 * over every call. The server's CPU is read around the whole measurement (/proc has 10 ms ticks; the registry idles
 * while the baseline runs in this process) and handed to describe().
 */
export function accountedSteps(step) {
  const totals = { calls: 0, wallMs: 0, clientCpuMs: 0 };
  const wrapped = async () => {
    const clientBefore = process.cpuUsage();
    const start = performance.now();
    await step();
    totals.wallMs += performance.now() - start;
    const client = process.cpuUsage(clientBefore);
    totals.clientCpuMs += (client.user + client.system) / 1000;
    totals.calls++;
  };
  const describe = (serverCpuMicroseconds) => {
    const per = (ms) => (ms / totals.calls).toFixed(2);
    const server = serverCpuMicroseconds === null ? '' : `, the registry's CPU ${per(serverCpuMicroseconds / 1000)} ms (all its threads)`;
    return `per login (mean of ${totals.calls}): ${per(totals.wallMs)} ms wall, the bench's own CPU ${per(totals.clientCpuMs)} ms (node:http client)${server}; the rest is waiting (fsync, hand-offs between threads and processes)`;
  };
  return { step: wrapped, describe };
}

/** `measure()`'s result, and the CPU time process `pid` used meanwhile in µs (null without /proc). */
export async function withServerCpu(pid, measure) {
  const before = cpuMicroseconds(pid);
  const result = await measure();
  const after = cpuMicroseconds(pid);
  return { result, serverCpu: before === null || after === null ? null : after - before };
}

/**
 * The HTTP floor next to the same baseline: the measured request (same method, headers and body, one in flight, same
 * keep-alive client) sent to a bare Koa hello-world instead, which does no work. Prints it, with the ratio an endpoint that did
 * nothing but the baseline's work behind that floor would reach: t_baseline / (t_floor + t_baseline).
 */
export async function reportHttpFloor(name, baseline, baselineName, { headers, body }) {
  const hello = await startHelloKoaProcess();
  const client = keepAliveClient(hello.url);
  try {
    const post = async () => {
      const { status } = await client.post('/', headers, body);
      if (status !== 200) throw new Error(`the hello-world answered ${status}`);
    };
    // A fresh child process: let its JIT settle first (pairedRatio's own warm-up is half a second).
    await opsPerSecond(post, 1000);
    const result = await pairedRatio({ baseline, subject: post, rounds: 7, durationMs: 250 });
    report(name, baselineName, result);
    console.log(`    -> over HTTP, an endpoint doing nothing but the baseline's work would reach a ratio of at most ${(1 / (1 + 1 / result.ratio)).toFixed(2)}`);
  } finally {
    client.close();
    await hello.stop();
  }
}
