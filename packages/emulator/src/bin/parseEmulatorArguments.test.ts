import { describe, expect, it } from 'vitest';
import { EmulatorUsageError } from './EmulatorUsageError.js';
import { parseEmulatorArguments } from './parseEmulatorArguments.js';

function usageError(argv: string[]): EmulatorUsageError {
  try {
    parseEmulatorArguments(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(EmulatorUsageError);
    expect((error as EmulatorUsageError).exitCode).toBe(2);
    expect((error as Error).message).not.toContain('\n');
    return error as EmulatorUsageError;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('parseEmulatorArguments', () => {
  it('defaults to 127.0.0.1:8111, packed attestation, an approving user and a 30 s touch timeout', async () => {
    const command = parseEmulatorArguments([]);
    if (command.action !== 'run') throw new Error('expected run');
    expect(command).toMatchObject({ host: '127.0.0.1', port: 8111, allowRemote: false });
    expect(command.replyPort).toBeUndefined();
    expect(command.authenticator).toMatchObject({ attestation: 'packed', userPresenceTimeoutMs: 30_000 });
    expect(command.authenticator.pin).toBeUndefined();
    expect(command.authenticator.statePath).toBeUndefined();
    expect(command.authenticator.u2fOnly).toBeUndefined();
    expect(command.authenticator.builtInUv).toBeUndefined();
    expect(await command.authenticator.userPresence!({ purpose: 'test' })).toBe('approve');
  });

  it('reads every option', async () => {
    const command = parseEmulatorArguments([
      '--udp', '[::1]:0', '--reply-port', '7112', '--allow-remote', '--pin', '1234', '--state', '/tmp/k.json',
      '--attestation', 'none', '--aaguid', '0123456789abcdef0123456789ABCDEF', '--up', 'deny', '--up-delay-ms', '20',
      '--up-timeout-ms', '500', '--u2f-only', '--max-msg-size', '1024', '--max-creds-in-list', '3',
      '--uv', 'deny',
      '--sign-count', 'zero',
    ]);
    if (command.action !== 'run') throw new Error('expected run');
    expect(command).toMatchObject({ host: '::1', port: 0, replyPort: 7112, allowRemote: true });
    const { authenticator } = command;
    expect(authenticator).toMatchObject({ pin: '1234', statePath: '/tmp/k.json', attestation: 'none', userPresenceTimeoutMs: 500, u2fOnly: true });
    expect(authenticator).toMatchObject({ maxMessageSize: 1024, maxCredentialCountInList: 3, builtInUv: 'deny', signCount: 'zero' });
    expect(Buffer.from(authenticator.aaguid!).toString('hex')).toBe('0123456789abcdef0123456789abcdef');
    const started = Date.now();
    expect(await authenticator.userPresence!({ purpose: 'test' })).toBe('deny');
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('takes the AAGUID as a UUID and the port after the last colon of a bare IPv6 address', () => {
    const command = parseEmulatorArguments(['--aaguid', '6f1d8a2c-0b34-4c5e-9a7b-1c2d3e4f5a6b', '--udp', '::1:4000']);
    if (command.action !== 'run') throw new Error('expected run');
    expect(Buffer.from(command.authenticator.aaguid!).toString('hex')).toBe('6f1d8a2c0b344c5e9a7b1c2d3e4f5a6b');
    expect(command).toMatchObject({ host: '::1', port: 4000 });
  });

  it('takes --uhid with the default USB id 1209:0001, or the one --usb-id gives in hex', () => {
    expect(parseEmulatorArguments(['--uhid', '--pin', '1234'])).toMatchObject({ action: 'run', uhid: { vendorId: 0x1209, productId: 0x0001 } });
    expect(parseEmulatorArguments(['--uhid', '--usb-id', '1050:0407'])).toMatchObject({ uhid: { vendorId: 0x1050, productId: 0x0407 } });
    expect(parseEmulatorArguments(['--usb-id', 'a:BEEF', '--uhid'])).toMatchObject({ uhid: { vendorId: 0x000a, productId: 0xbeef } });
    expect(parseEmulatorArguments([])).not.toHaveProperty('uhid');
  });

  it('refuses --usb-id without --uhid, a bad USB id, and the UDP options with --uhid', () => {
    expect(usageError(['--usb-id', '1209:0001']).message).toBe('--usb-id needs --uhid');
    for (const bad of ['1209', '12090:1', '1209:', 'xyz:0001', '1209:0001:2']) expect(usageError(['--uhid', '--usb-id', bad]).message).toContain('VID:PID');
    expect(usageError(['--uhid', '--udp', '127.0.0.1:0']).message).toBe('--udp is for UDP; --uhid makes a HID device instead');
    usageError(['--uhid', '--reply-port', '7112']);
    usageError(['--uhid', '--allow-remote']);
  });

  it('answers --help and --version before anything else', () => {
    expect(parseEmulatorArguments(['--help'])).toEqual({ action: 'help' });
    expect(parseEmulatorArguments(['--version', '--udp', 'nonsense'])).toEqual({ action: 'version' });
  });

  it('refuses unknown options, positionals and bad values with a one-line usage error', () => {
    expect(usageError(['--frob']).message).toContain("'--frob'");
    usageError(['extra']);
    usageError(['--udp']);
    expect(usageError(['--udp', '8111']).message).toContain('HOST:PORT');
    usageError(['--udp', '127.0.0.1:65536']);
    usageError(['--udp', ':8111']);
    usageError(['--reply-port', '0']);
    usageError(['--reply-port', 'x']);
    expect(usageError(['--attestation', 'basic']).message).toContain('packed, self, none');
    usageError(['--up', 'maybe']);
    expect(usageError(['--uv', 'timeout']).message).toContain('approve, deny');
    expect(usageError(['--sign-count', 'none']).message).toContain('increasing, zero');
    usageError(['--up-delay-ms', '-1']);
    usageError(['--up-timeout-ms', '0']);
    usageError(['--max-msg-size', '1023']); // CTAP 2.1 §8: at least 1024
    usageError(['--max-msg-size', '7610']); // CTAPHID carries at most 7609
    usageError(['--max-creds-in-list', '0']);
    usageError(['--aaguid', '0123']);
    usageError(['--allow-remote=yes']);
  });
});
