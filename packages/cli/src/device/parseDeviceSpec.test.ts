import { describe, expect, it } from 'vitest';
import { CliError } from '../program/CliError.js';
import { parseDeviceSpec } from './parseDeviceSpec.js';

describe('parseDeviceSpec', () => {
  it('reads hid:PATH, keeping colons inside the path', () => {
    expect(parseDeviceSpec('hid:/dev/hidraw3')).toEqual({ kind: 'hid', path: '/dev/hidraw3' });
    expect(parseDeviceSpec('hid:1-1:1.0')).toEqual({ kind: 'hid', path: '1-1:1.0' });
  });

  it('reads udp:HOST:PORT, with IPv6 hosts bracketed or not', () => {
    expect(parseDeviceSpec('udp:127.0.0.1:8111')).toEqual({ kind: 'udp', host: '127.0.0.1', port: 8111 });
    expect(parseDeviceSpec('udp:[::1]:8111')).toEqual({ kind: 'udp', host: '::1', port: 8111 });
    expect(parseDeviceSpec('udp:::1:7')).toEqual({ kind: 'udp', host: '::1', port: 7 });
  });

  it.each(['', 'hid:', 'udp:', 'udp:127.0.0.1', 'udp:127.0.0.1:', 'udp::8111', 'udp:localhost:0', 'udp:localhost:65536', 'usb:/dev/x', '/dev/hidraw0'])(
    'refuses %j as a usage error',
    (text) => {
      expect(() => parseDeviceSpec(text)).toThrow(CliError);
      try {
        parseDeviceSpec(text);
      } catch (error) {
        expect((error as CliError).exitCode).toBe(2);
      }
    },
  );
});
