// `npm run bench`: every benchmark prints its subject next to a baseline measured in the same run.
import { benchEmulatorThroughput } from './emulatorThroughput.js';
import { benchCliStartup } from './cliStartup.js';
import { benchUdpRoundTrip } from './udpRoundTrip.js';
import { benchRegistrySimpleIndex } from './registrySimpleIndex.js';
import { benchRegistryUpload } from './registryUpload.js';

console.log(`node ${process.version}, ${new Date().toISOString()}`);
await benchEmulatorThroughput();
await benchUdpRoundTrip();
benchCliStartup();
await benchRegistrySimpleIndex();
await benchRegistryUpload();
