// `npm run bench`: every benchmark prints its subject next to a baseline measured in the same run.
// `npm run bench -- token udp` runs only the benchmarks whose name contains one of the words.
import { benchEmulatorThroughput } from './emulatorThroughput.js';
import { benchCliStartup } from './cliStartup.js';
import { benchCliLogin } from './cliLogin.js';
import { benchUdpRoundTrip } from './udpRoundTrip.js';
import { benchRegistrySimpleIndex } from './registrySimpleIndex.js';
import { benchRegistryJsonApi } from './registryJsonApi.js';
import { benchRegistryUpload } from './registryUpload.js';
import { benchTokenVerification } from './tokenVerification.js';
import { benchRegistryTokenUpload } from './registryTokenUpload.js';
import { benchWebAuthnLogin } from './webauthnLogin.js';
import { benchTotpLogin } from './totpLogin.js';
import { benchUhidThroughKernel } from './uhidThroughKernel.js';

const benches = [
  ['emulator', benchEmulatorThroughput],
  ['udp', benchUdpRoundTrip],
  ['cli-startup', benchCliStartup],
  ['cli-login', benchCliLogin],
  ['registry-simple', benchRegistrySimpleIndex],
  ['registry-json', benchRegistryJsonApi],
  ['registry-upload', benchRegistryUpload],
  ['token-verification', benchTokenVerification],
  ['registry-token-upload', benchRegistryTokenUpload],
  ['webauthn-login', benchWebAuthnLogin],
  ['totp-login', benchTotpLogin],
  ['uhid', benchUhidThroughKernel],
];
const words = process.argv.slice(2);
const selected = benches.filter(([name]) => words.length === 0 || words.some((word) => name.includes(word)));
if (selected.length === 0) throw new Error(`no benchmark matches ${words.join(' ')}; there are: ${benches.map(([name]) => name).join(' ')}`);

console.log(`node ${process.version}, ${new Date().toISOString()}`);
for (const [, bench] of selected) await bench();
