// `keybridge login` with a security key, end to end as a user runs it (a new node process: start-up, the password
// step, the key's challenge, CTAPHID over UDP to the emulator, the assertion, the session written to the config
// directory), next to the same ceremony done in this process through the libraries (fetch, WebAuthnClient over a new
// UdpTransport channel, the same requests), alternating; the median of the paired time ratios shows what the CLI adds
// to the HTTP and the key. Both log in to one registry (a child process, SQLite) with one emulator process (no PIN);
// the registry's argon2 password check is in both. Printed with it: node's own start-up (`node -e 0`) for context.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CtapHidChannel, UdpTransport, WebAuthnClient } from '@keybridge/client';
import { alternate, median } from './pairedRatio.js';
import { startRegistryProcess } from './registryServers.js';
import { benchPassword, logInHalfway, postJson, signUp } from './registrySecondFactor.js';
import { startEmulatorProcess } from './udpRoundTrip.js';

const cli = fileURLToPath(new URL('../packages/cli/dist/bin/keybridge.js', import.meta.url));
const ROUNDS = 7;
const LOGINS_PER_ROUND = 3;
const username = 'bench-cli';

export async function benchCliLogin() {
  const home = await mkdtemp(join(tmpdir(), 'keybridge-bench-cli-login-'));
  let registry;
  let emulator;
  try {
    registry = await startRegistryProcess(join(home, 'registry'));
    emulator = await startEmulatorProcess('../packages/emulator/dist/bin/keybridge-emulator.js', ['--udp', '127.0.0.1:0']);
    // The public URL: http://localhost:<port>, the security keys' RP ID being its host.
    const origin = `http://localhost:${new URL(registry.url).port}`;
    const openKey = async () => CtapHidChannel.open(await UdpTransport.open({ host: '127.0.0.1', port: emulator.port }));

    const owner = await signUp(origin, username);
    const key = await openKey();
    try {
      const creation = await postJson(origin, '/api/v1/2fa/security-keys/options', undefined, owner);
      await postJson(origin, '/api/v1/2fa/security-keys', { name: 'bench key', response: await new WebAuthnClient().create(creation, { origin, device: key }) }, owner, 201);
    } finally {
      await key.close();
    }

    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), KEYBRIDGE_REGISTRY: origin, KEYBRIDGE_PASSWORD: benchPassword, KEYBRIDGE_DEVICE: `udp:127.0.0.1:${emulator.port}` };
    const cliLogin = () =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [cli, 'login', '--user', username], { env, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
        child.once('error', reject);
        child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`keybridge login exited ${code}: ${stderr}`))));
      });
    const libraryLogin = async () => {
      const session = await logInHalfway(origin, username);
      const request = await postJson(origin, '/api/v1/session/second-factor/options', undefined, session);
      const device = await openKey();
      try {
        await postJson(origin, '/api/v1/session/second-factor', { webauthn: await new WebAuthnClient().get(request, { origin, device }) }, session);
      } finally {
        await device.close();
      }
    };
    const msPerLogin = (login) => async () => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < LOGINS_PER_ROUND; i++) await login();
      return Number(process.hrtime.bigint() - start) / 1e6 / LOGINS_PER_ROUND;
    };

    await libraryLogin();
    await cliLogin();
    const result = await alternate(ROUNDS, msPerLogin(libraryLogin), msPerLogin(cliLogin));
    const nodeStart = median(Array.from({ length: 5 }, () => {
      const start = process.hrtime.bigint();
      spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
      return Number(process.hrtime.bigint() - start) / 1e6;
    }));
    console.log(
      `cli-login: keybridge login ${result.subject.toFixed(0)} ms vs the same ceremony in process ${result.baseline.toFixed(0)} ms -> ratio ${result.ratio.toFixed(2)} ` +
        `(node -e 0 alone: ${nodeStart.toFixed(0)} ms)  [paired ratios ${result.ratios.map((ratio) => ratio.toFixed(2)).join(' ')}]`,
    );
  } finally {
    emulator?.stop();
    await registry?.stop();
    await rm(home, { recursive: true, force: true });
  }
}
