// Runs in the QEMU guest of uhidThroughKernel.js: getAssertion per second from the project's client to two emulator
// processes, one a kernel HID device (node-hid -> hidraw -> uhid) and one on UDP over loopback, rounds alternating.
// Prints the paired result as one JSON line.
import { createHash, randomBytes } from 'node:crypto';
import { CtapHidChannel, Ctap2Session, HidTransport, UdpTransport } from '@keybridge/client';
import { pairedRatio } from './pairedRatio.js';

const [hidrawPath, udpPort] = process.argv.slice(2);

/** A session on `transport` with one credential: a getAssertion to time. */
async function assertionOn(transport) {
  const session = await Ctap2Session.open(await CtapHidChannel.open(transport));
  const rpId = 'bench.example';
  const clientDataHash = createHash('sha256').update(randomBytes(32)).digest();
  const made = await session.makeCredential({
    clientDataHash,
    rp: { id: rpId, name: 'Bench' },
    user: { id: randomBytes(16), name: 'bench' },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  });
  const request = { rpId, clientDataHash, allowList: [{ type: 'public-key', id: made.credentialId }] };
  return { getAssertion: () => session.getAssertion(request), close: () => session.close() };
}

const overUdp = await assertionOn(await UdpTransport.open({ host: '127.0.0.1', port: Number(udpPort) }));
const throughKernel = await assertionOn(await HidTransport.open(hidrawPath));
try {
  const result = await pairedRatio({ baseline: overUdp.getAssertion, subject: throughKernel.getAssertion, rounds: 9, durationMs: 1000 });
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await overUdp.close();
  await throughKernel.close();
}
