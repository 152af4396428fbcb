// An authenticator-app login's second step through the registry (a child process, SQLite in a temp dir, its real
// clock): POST /api/v1/session/second-factor {totpCode} over HTTP per second, next to otplib's own verify (v13's
// functional `verify`, what the registry's otplib offers for checking a code) called directly in this process, in the
// same run, on the same secrets and codes, with the registry's window (±1 step of 30 s) and its replay rule (only
// steps after the last one used).
//
// The registry takes a code once per 30 s step per user (replay protection), so every measured login is another
// user's. Outside the timing: each user's sign-up (argon2id), TOTP enrolment (confirmed with the code of the step
// then current, which becomes the user's last used step), its password step (argon2id again: a half-signed-in
// session), and the codes, computed with the registry's own totpCodeAt right before each batch: those of the step
// after the current one, which the registry accepts (±1 step) even if a step boundary passes meanwhile, and which is
// always after the step used at enrolment (a code of the current step could be that very step: a replay).
// Measured and printed as bench/webauthnLogin.js does (one keep-alive connection, CPU per login, the HTTP floor).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify } from 'otplib';
import { totpCodeAt } from '../packages/registry/dist/twoFactor/totp/totpCode.js';
import { totpPeriodMs, totpStep } from '../packages/registry/dist/twoFactor/totp/totpParameters.js';
import { pairedBatchItems, pairedBatchRatio, report } from './pairedRatio.js';
import { startRegistryProcess } from './registryServers.js';
import { accountedSteps, inParallel, jsonHeaders, keepAliveClient, logInHalfway, postJson, reportHttpFloor, signUp, withServerCpu } from './registrySecondFactor.js';

/** Logins per timed batch (one request in flight), rounds, and the logins before the first (JIT, SQLite's caches). */
const plan = { batch: 12, rounds: 9, warmUp: 12 };

export async function benchTotpLogin() {
  const dataDir = await mkdtemp(join(tmpdir(), 'keybridge-bench-totp-login-'));
  let registry;
  let http;
  try {
    registry = await startRegistryProcess(dataDir);
    const { url } = registry;
    const users = await inParallel(pairedBatchItems(plan), 3, async (i) => {
      const username = `bench-totp-${i}`;
      const session = await signUp(url, username);
      const { secret } = await postJson(url, '/api/v1/2fa/totp', undefined, session, 201);
      const lastUsedStep = totpStep(Date.now());
      await postJson(url, '/api/v1/2fa/totp/confirm', { code: totpCodeAt(secret, lastUsedStep) }, session);
      const half = await logInHalfway(url, username);
      return { secret, lastUsedStep, headers: jsonHeaders(half) };
    });

    // Every user's code of the next step (the baseline checks them all, the endpoint each user's once).
    let codesStep = null;
    const refreshCodes = async () => {
      const step = totpStep(Date.now()) + 1;
      if (step === codesStep) return;
      for (const user of users) {
        user.code = totpCodeAt(user.secret, step);
        user.body = Buffer.from(JSON.stringify({ totpCode: user.code }));
      }
      codesStep = step;
    };
    await refreshCodes();

    http = keepAliveClient(url);
    let next = 0;
    const endpoint = accountedSteps(async () => {
      const user = users[next++];
      const { status, text } = await http.post('/api/v1/session/second-factor', user.headers, user.body);
      if (status !== 200) throw new Error(`login ${next} answered ${status} ${text}`);
    });
    let turn = 0;
    const verifyDirectly = async () => {
      const user = users[turn++ % users.length];
      // epochTolerance is in seconds: one period either side, as the registry accepts.
      const result = await verify({ secret: user.secret, token: user.code, epochTolerance: totpPeriodMs / 1000, afterTimeStep: user.lastUsedStep });
      if (!result.valid) throw new Error("otplib's verify refused a code the registry accepts");
    };

    const { result, serverCpu } = await withServerCpu(registry.pid, () =>
      pairedBatchRatio({ baseline: verifyDirectly, subject: endpoint.step, beforeBatch: refreshCodes, ...plan }),
    );
    report(
      'totp-login: POST /api/v1/session/second-factor {totpCode}, whole request: HTTP + the code check + SQLite reads and writes ' +
        '(rate limit, secret, last used step) + a new session + an event',
      'otplib verify in process',
      result,
    );
    console.log(
      '  in order: session lookup; the second-factor limit reserved per user and per address (refunded on success); the ' +
        'secret read and decrypted (HKDF + AES-256-GCM); the code compared with those of 21 steps (±10: a wrong clock is told ' +
        'from a wrong code; otplib checks at most 3, stopping at the match); last_used_step moved forward (compare-and-set: ' +
        'the replay rule); the half session deleted, expired sessions swept, a new session inserted; an ' +
        'account.login_second_factor event. One request in flight ' +
        'on the loopback, each answered 200; SQLite in WAL mode with synchronous FULL (the default the registry keeps), every ' +
        'write its own commit',
    );
    console.log(`  ${endpoint.describe(serverCpu)}`);
    await reportHttpFloor('  context, the HTTP floor: the same POST to a bare Koa hello-world', verifyDirectly, 'otplib verify', {
      headers: users[0].headers,
      body: users[0].body,
    });
    const stderr = registry.stderr();
    if (stderr !== '') console.log(`  registry stderr: ${stderr.trim().split('\n')[0]}`);
  } finally {
    http?.close();
    await registry?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
