// A security-key login's second step through the registry (a child process, SQLite in a temp dir, its real clock):
// POST /api/v1/session/second-factor {webauthn: <assertion>} over HTTP per second, next to @simplewebauthn/server's
// verifyAuthenticationResponse called directly in this process, in the same run, on the same assertions with the
// arguments the registry passes (expected challenge, origin and RP ID; the stored public key, counter 0 so that the
// registry can report a regression itself; user verification not required).
//
// Outside the timing: the key's registration (WebAuthnClient and the in-process emulator, over CTAPHID), one
// password step per login (argon2id: a half-signed-in session), each session's challenge
// (POST /api/v1/session/second-factor/options) and its assertion, signed in the order the logins are submitted,
// since the key's counter must grow from one login to the next. Each request body is serialized beforehand too.
// The logins go one at a time over one keep-alive connection (node:http). Printed with them: the client's and the
// registry's CPU per login, and the same POST to a bare Koa hello-world next to the same baseline (the HTTP floor:
// what ratio an endpoint that did nothing but verify could reach at best).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CtapHidChannel, MemoryTransport, WebAuthnClient } from '@keybridge/client';
import { createAuthenticator, CtapHidDevice, InProcessHidConnection } from '@keybridge/emulator';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { pairedBatchItems, pairedBatchRatio, report } from './pairedRatio.js';
import { startRegistryProcess } from './registryServers.js';
import { accountedSteps, inParallel, jsonHeaders, keepAliveClient, logInHalfway, postJson, reportHttpFloor, signUp, withServerCpu } from './registrySecondFactor.js';

/** Logins per timed batch (one request in flight), rounds, and the logins before the first (JIT, SQLite's caches). */
const plan = { batch: 16, rounds: 9, warmUp: 16 };
const username = 'bench-key';

export async function benchWebAuthnLogin() {
  const dataDir = await mkdtemp(join(tmpdir(), 'keybridge-bench-webauthn-login-'));
  let registry;
  let http;
  let device;
  try {
    registry = await startRegistryProcess(dataDir);
    const { url } = registry;
    // The registry's public URL on the loopback: http://localhost:<port>, so its RP ID is localhost.
    const origin = `http://localhost:${new URL(url).port}`;
    const rpId = 'localhost';

    const authenticator = await createAuthenticator();
    device = await CtapHidChannel.open(new MemoryTransport(new InProcessHidConnection(new CtapHidDevice(authenticator))));
    const client = new WebAuthnClient();
    const owner = await signUp(url, username);
    const registrationOptions = await postJson(url, '/api/v1/2fa/security-keys/options', undefined, owner);
    const registration = await client.create(registrationOptions, { origin, device });
    await postJson(url, '/api/v1/2fa/security-keys', { name: 'bench key', response: registration }, owner, 201);
    // The credential as the registry stores it (SimpleWebAuthn's reading of the registration), for the baseline.
    const registered = await verifyRegistrationResponse({ response: registration, expectedChallenge: registrationOptions.challenge, expectedOrigin: origin, expectedRPID: rpId, requireUserVerification: false });
    if (!registered.verified) throw new Error('the bench could not verify its own registration');
    const credential = { id: registered.registrationInfo.credential.id, publicKey: registered.registrationInfo.credential.publicKey, counter: 0 };

    const logins = await inParallel(pairedBatchItems(plan), 3, () => logInHalfway(url, username));
    for (const login of logins) login.options = await postJson(url, '/api/v1/session/second-factor/options', undefined, login);
    for (const login of logins) {
      login.assertion = await client.get(login.options, { origin, device });
      login.headers = jsonHeaders(login);
      login.body = Buffer.from(JSON.stringify({ webauthn: login.assertion }));
    }

    http = keepAliveClient(url);
    let next = 0;
    const endpoint = accountedSteps(async () => {
      const login = logins[next++];
      const { status, text } = await http.post('/api/v1/session/second-factor', login.headers, login.body);
      if (status !== 200) throw new Error(`login ${next} answered ${status} ${text}`);
    });
    let turn = 0;
    const verifyDirectly = async () => {
      const login = logins[turn++ % logins.length];
      const verification = await verifyAuthenticationResponse({
        response: login.assertion,
        expectedChallenge: login.options.challenge,
        expectedOrigin: origin,
        expectedRPID: rpId,
        credential,
        requireUserVerification: false,
      });
      if (!verification.verified) throw new Error('verifyAuthenticationResponse refused an assertion the registry accepts');
    };

    const { result, serverCpu } = await withServerCpu(registry.pid, () => pairedBatchRatio({ baseline: verifyDirectly, subject: endpoint.step, ...plan }));
    report(
      'webauthn-login: POST /api/v1/session/second-factor {webauthn} (ES256 key), whole request: HTTP + the same verification + ' +
        'SQLite reads and writes (rate limit, challenge, key and its counter) + a new session + an event',
      'verifyAuthenticationResponse in process',
      result,
      0.8,
    );
    console.log(
      '  in order: session lookup; the second-factor limit reserved per user and per address (refunded on success); the ' +
        "session's challenge read and deleted; the key read; verifyAuthenticationResponse; the counter stored (compare-and-set); " +
        'the half session deleted, expired sessions swept, a new session inserted; an account.login_second_factor event. ' +
        'One request in flight on the loopback, each answered 200; SQLite in WAL mode with synchronous FULL (the default the ' +
        'registry keeps), every write its own commit',
    );
    console.log(`  ${endpoint.describe(serverCpu)}`);
    await reportHttpFloor('  context, the HTTP floor: the same POST to a bare Koa hello-world', verifyDirectly, 'verifyAuthenticationResponse', {
      headers: logins[0].headers,
      body: logins[0].body,
    });
    const stderr = registry.stderr();
    if (stderr !== '') console.log(`  registry stderr: ${stderr.trim().split('\n')[0]}`);
  } finally {
    http?.close();
    await device?.close();
    await registry?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
