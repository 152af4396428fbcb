// The emulator's CTAPHID device and UDP server around an authenticator whose CTAP2 answers are memoized by request
// bytes: a repeated getAssertion costs no signature, no CBOR and no state. Run as its own process by the UDP
// round-trip benchmark, to show what clients reach when the emulator's own work is taken away.
import { createAuthenticator, UdpEmulatorServer } from '@keybridge/emulator';

const authenticator = await createAuthenticator({});
const answers = new Map();
const memoized = {
  config: authenticator.config,
  get winks() {
    return authenticator.winks;
  },
  handleU2f: (apdu, context) => authenticator.handleU2f(apdu, context),
  async handleCtap2(message, context) {
    const key = Buffer.from(message).toString('latin1');
    let answer = answers.get(key);
    if (!answer) {
      answer = await authenticator.handleCtap2(message, context);
      answers.set(key, answer);
    }
    return answer;
  },
};
const server = new UdpEmulatorServer(memoized, { port: 0 });
const { address, port } = await server.start();
process.stdout.write(`keybridge-emulator (memoized): listening on ${address}:${port} (udp)\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
