import { CliError } from '../program/CliError.js';

/** Where the key is: a USB HID path, or a UDP emulator / firmware simulator. */
export type DeviceSpec = { kind: 'hid'; path: string } | { kind: 'udp'; host: string; port: number };

/**
 * `hid:PATH` (a path from `keybridge devices`) or `udp:HOST:PORT` (the port after the last colon, so
 * `udp:[::1]:8111` and `udp:::1:8111` both work). Anything else is a usage error.
 */
export function parseDeviceSpec(text: string): DeviceSpec {
  const usage = () => new CliError('USAGE', `--device wants hid:PATH or udp:HOST:PORT, not "${text}"`);
  if (text.startsWith('hid:')) {
    const path = text.slice('hid:'.length);
    if (path === '') throw usage();
    return { kind: 'hid', path };
  }
  if (text.startsWith('udp:')) {
    const rest = text.slice('udp:'.length);
    const colon = rest.lastIndexOf(':');
    const host = rest.slice(0, Math.max(colon, 0)).replace(/^\[(.*)\]$/, '$1');
    const portText = rest.slice(colon + 1);
    if (colon < 0 || host === '' || !/^\d{1,5}$/.test(portText)) throw usage();
    const port = Number(portText);
    if (port < 1 || port > 65535) throw usage();
    return { kind: 'udp', host, port };
  }
  throw usage();
}
