// `node --import ./test/cli/forbidHeavyModules.mjs …`: loading the protocol, client, emulator, node-hid or the
// prompt library fails, to prove `keybridge --help` starts without them (start-up time: the bench compares it
// with `node -e 0`).
import { refuseModules } from './refuseModules.mjs';

refuseModules(/^(@keybridge\/(ctap|client|emulator)|node-hid|@inquirer\/prompts)(\/|$)/, (specifier) => `loaded at start-up: ${specifier}`);
