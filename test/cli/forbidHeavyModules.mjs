// `node --import ./test/cli/forbidHeavyModules.mjs …`: loading the protocol, client, emulator, node-hid or the
// prompt library fails, to prove `keybridge --help` starts without them (start-up time: the bench compares it
// with `node -e 0`).
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
      const heavy = /^(@keybridge\\/(ctap|client|emulator)|node-hid|@inquirer\\/prompts|cbor-x)(\\/|$)/;
      export async function resolve(specifier, context, next) {
        if (heavy.test(specifier)) throw new Error('loaded at start-up: ' + specifier);
        return next(specifier, context);
      }
    `),
);
