// getAssertion round trip over UDP, our client to the emulator, next to the same round trip made by python-fido2's
// Ctap2 against the same emulator in the same run. Rounds alternate; the ratio is the median of paired p50 ratios.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CtapHidChannel, Ctap2Session, UdpTransport } from '@keybridge/client';

const ROUNDS = 7;
const PER_ROUND = 200;

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function median(values) {
  return percentile(values, 50);
}

function startPythonPeer(port) {
  const child = spawn('/usr/bin/python3', [fileURLToPath(new URL('./python_fido2_get_assertion.py', import.meta.url)), '127.0.0.1', String(port)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async ready() {
      const { value } = await lines.next();
      if (value !== 'ready') throw new Error(`python-fido2 peer did not start: ${value}`);
    },
    async run(count) {
      child.stdin.write(`${count}\n`);
      const { value } = await lines.next();
      return JSON.parse(value);
    },
    stop() {
      child.stdin.end();
      child.kill();
    },
  };
}

// The emulator runs in its own process, so that neither client shares an event loop with it.
async function startEmulatorProcess() {
  const bin = fileURLToPath(new URL('../packages/emulator/dist/bin/keybridge-emulator.js', import.meta.url));
  const child = spawn(process.execPath, [bin, '--udp', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const { value } = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
  const match = /listening on (\S+):(\d+)/.exec(value ?? '');
  if (!match) throw new Error(`emulator did not start: ${value}`);
  return { port: Number(match[2]), stop: () => child.kill('SIGTERM') };
}

export async function benchUdpRoundTrip() {
  const emulator = await startEmulatorProcess();
  const { port } = emulator;
  const session = await Ctap2Session.open(await CtapHidChannel.open(await UdpTransport.open({ host: '127.0.0.1', port })));
  const clientDataHash = createHash('sha256').update('bench').digest();
  const made = await session.makeCredential({
    clientDataHash,
    rp: { id: 'bench.example', name: 'Bench' },
    user: { id: new TextEncoder().encode('node'), name: 'node' },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  });
  const request = { rpId: 'bench.example', clientDataHash, allowList: [{ type: 'public-key', id: made.credentialId }] };
  const ours = async (count) => {
    const times = [];
    for (let i = 0; i < count; i++) {
      const start = process.hrtime.bigint();
      await session.getAssertion(request);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return times;
  };

  const python = startPythonPeer(port);
  try {
    await python.ready();
    await ours(50);
    await python.run(50);
    const ourTimes = [];
    const theirTimes = [];
    const ratios = [];
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = round % 2 === 0 ? [await ours(PER_ROUND), await python.run(PER_ROUND)] : [null, await python.run(PER_ROUND)];
      const mine = a ?? (await ours(PER_ROUND));
      ourTimes.push(...mine);
      theirTimes.push(...b);
      ratios.push(median(b) / median(mine));
    }
    const ratio = median(ratios);
    console.log(
      `getAssertion over UDP: keybridge client p50 ${percentile(ourTimes, 50).toFixed(3)} ms, p99 ${percentile(ourTimes, 99).toFixed(3)} ms; ` +
        `python-fido2 p50 ${percentile(theirTimes, 50).toFixed(3)} ms, p99 ${percentile(theirTimes, 99).toFixed(3)} ms -> ` +
        `${ratio.toFixed(2)}x faster (median of paired p50 ratios; target >= 2: ${ratio >= 2 ? 'met' : 'MISSED'})` +
        `  [paired ${ratios.map((r) => r.toFixed(2)).join(' ')}]`,
    );
  } finally {
    python.stop();
    await session.device.close();
    emulator.stop();
  }
}
