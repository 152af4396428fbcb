// `node --import ./test/cli/withoutNodeHid.mjs …`: node-hid cannot be loaded, as on a machine without its native
// library (or where it was never built), so the CLI's "USB HID is unavailable" path runs for real.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
      export async function resolve(specifier, context, next) {
        if (specifier === 'node-hid') throw new Error('libusb-1.0.so.0: cannot open shared object file (hidden by the test)');
        return next(specifier, context);
      }
    `),
);
