// `node --import ./test/cli/withoutNodeHid.mjs …`: node-hid cannot be loaded, as on a machine without its native
// library (or where it was never built), so the CLI's "USB HID is unavailable" path runs for real.
import { refuseModules } from './refuseModules.mjs';

refuseModules(/^node-hid$/, () => 'libusb-1.0.so.0: cannot open shared object file (hidden by the test)');
