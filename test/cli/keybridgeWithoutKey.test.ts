import { createSocket, type Socket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, waitForOutput, type CliRun } from './runCli.js';
import { startUdpEmulator, type UdpEmulator } from './startUdpEmulator.js';

const NO_KEY = 'keybridge: No security key found: plug one in, or use --device udp:127.0.0.1:8111 for the emulator';

function stderrLines(run: CliRun): string[] {
  return run.stderr.split('\n').filter((line) => line !== '');
}

/** A UDP "device" that takes every report and never answers: a key that hangs. */
/** The CLI's timeouts without --timeout (its --help): 3000 ms for CTAPHID INIT, 30000 ms for a request. */
const DEFAULT_INIT_TIMEOUT_MS = 3000;
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** A UDP "device" that answers nothing; it counts the datagrams and notes when the first came. */
async function silentDevice(): Promise<{ device: string; received: () => number; firstAt: () => number | undefined; close(): Promise<void> }> {
  const socket: Socket = createSocket('udp4');
  let received = 0;
  let firstAt: number | undefined;
  socket.on('message', () => {
    received += 1;
    firstAt ??= Date.now();
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    device: `udp:127.0.0.1:${socket.address().port}`,
    received: () => received,
    firstAt: () => firstAt,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

describe('keybridge without a usable key, and its command line', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('devices on this machine (no keys): an empty list in --json, and one clean line', async () => {
    const json = await runCli(['devices', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);
    expect(stderrLines(json)).toHaveLength(1);
    expect(json.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
    const words = await runCli(['devices']);
    expect(words.code).toBe(0);
    expect(words.stdout).toBe('');
    expect(stderrLines(words)).toHaveLength(1);
  });

  it('without a loadable node-hid: devices lists nothing in one line (exit 0), UDP devices still work', async () => {
    const withoutNodeHid = { nodeArgs: ['--import', fileURLToPath(new URL('./withoutNodeHid.mjs', import.meta.url))] };
    const devices = await runCli(['devices', '--json'], withoutNodeHid);
    expect(devices.code, devices.stderr).toBe(0);
    expect(JSON.parse(devices.stdout)).toEqual([]);
    expect(stderrLines(devices)).toHaveLength(1);
    expect(devices.stderr).toMatch(/^USB HID is unavailable: .*hidden by the test.*libusb/);

    const info = await runCli(['info'], withoutNodeHid);
    expect(info.code).toBe(1);
    expect(stderrLines(info)).toHaveLength(1);
    expect(info.stderr).toMatch(/^keybridge: USB HID is unavailable: .*--device udp:HOST:PORT work without it/);

    const key = await startUdpEmulator();
    cleanups.push(key.close);
    const overUdp = await runCli(['info', '--json', '--device', key.device], withoutNodeHid);
    expect(overUdp.code, overUdp.stderr).toBe(0);
    expect(JSON.parse(overUdp.stdout).protocol).toBe('CTAP2');
  });

  it('--help into a pipe whose reader has gone (| head -1): no stack trace, exit 0', async () => {
    const run = await runCli(['--help'], { onSpawn: (child) => child.stdout?.destroy() });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('no key and no --device: says how to reach the emulator, exit 1', async () => {
    for (const args of [['info'], ['pin', 'retries'], ['wink'], ['credentials', 'list']]) {
      const run = await runCli([...args, '--json'], { env: { KEYBRIDGE_PIN: 'unused$PIN' } });
      expect(run.code, args.join(' ')).toBe(1);
      expect(stderrLines(run)).toEqual([NO_KEY]);
      expect(JSON.parse(run.stdout)).toEqual({ error: { code: 'NO_DEVICE', message: NO_KEY.replace('keybridge: ', '') } });
    }
  });

  it('a UDP device that never answers INIT: one line within the --timeout, naming --reply-port', async () => {
    const silent = await silentDevice();
    cleanups.push(silent.close);
    const run = await runCli(['info', '--device', silent.device, '--timeout', '400']);
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toEqual([
      `keybridge: ${silent.device} did not answer CTAPHID INIT: a firmware simulator that answers to a fixed port (solo, canokey: 7112) needs --reply-port 7112, as does "keybridge emulator --reply-port N" with --reply-port N`,
    ]);
    expect(silent.received()).toBeGreaterThan(0);
    // --timeout was honoured: from the INIT the CLI sent to its exit is shorter than the default INIT timeout. Timed
    // from the device's side, so the CLI's start-up (which a loaded machine stretches most) does not count.
    expect(run.endedAt - silent.firstAt()!).toBeLessThan(DEFAULT_INIT_TIMEOUT_MS);
  });

  it('a device that stops answering in the middle of a request (after INIT)', async () => {
    const key: UdpEmulator = await startUdpEmulator();
    cleanups.push(key.close);
    // Answers INIT, then goes silent for everything else: a key that hangs after being opened.
    const receive = key.server.device.receive.bind(key.server.device);
    let requestAt: number | undefined;
    key.server.device.receive = (report, reply) => (report[4] === 0x86 ? receive(report, reply) : void (requestAt ??= Date.now()));
    const run = await runCli(['pin', 'retries', '--device', key.device, '--timeout', '500']);
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toEqual(['keybridge: The security key stopped answering']);
    // --timeout was honoured: from the unanswered request to the exit is well under the default request timeout.
    expect(run.endedAt - requestAt!).toBeLessThan(DEFAULT_REQUEST_TIMEOUT_MS / 3);
  });

  it('nothing listening on the UDP port: one line that says so', async () => {
    const silent = await silentDevice();
    const { device } = silent;
    await silent.close();
    const run = await runCli(['info', '--device', device, '--timeout', '1000']);
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toHaveLength(1);
    expect(run.stderr).toMatch(/nothing is listening there|stopped answering/);
  });

  it('--help for every command, exit 0, with the exit statuses', async () => {
    // [command, whether it takes --json]: the groups (pin, credentials, key, token, recovery-codes) and keybridge itself only list commands.
    const commands: Array<[string[], boolean]> = [
      [[], false],
      [['devices'], true],
      [['info'], true],
      [['pin'], false],
      [['pin', 'set'], true],
      [['pin', 'change'], true],
      [['pin', 'retries'], true],
      [['credentials'], false],
      [['credentials', 'list'], true],
      [['credentials', 'delete'], true],
      [['reset'], true],
      [['wink'], true],
      [['login'], true],
      [['logout'], true],
      [['key'], false],
      [['key', 'add'], true],
      [['key', 'list'], true],
      [['key', 'remove'], true],
      [['token'], false],
      [['token', 'create'], true],
      [['token', 'list'], true],
      [['token', 'revoke'], true],
      [['token', 'restrict'], true],
      [['recovery-codes'], false],
      [['recovery-codes', 'generate'], true],
    ];
    for (const [command, takesJson] of commands) {
      const run = await runCli([...command, '--help']);
      const name = ['keybridge', ...command].join(' ');
      expect(run.code, name).toBe(0);
      expect(run.stdout).toContain(`Usage: ${name}`);
      expect(run.stdout).toMatch(/Exit status:\n +0 +done\n +1 .*\n +2 +usage error.*\n +130 +cancelled/);
      if (takesJson) expect(run.stdout, name).toContain('--json');
    }
    const helpCommand = await runCli(['credentials', 'help', 'list']);
    expect(helpCommand.code).toBe(0);
    expect(helpCommand.stdout).toContain('Usage: keybridge credentials list');
    const bare = await runCli([]);
    expect(bare.code).toBe(2); // no command: the help, on stderr, as a usage error
    expect(bare.stderr).toContain('Usage: keybridge');
    const emulator = await runCli(['emulator', '--help']);
    expect(emulator.code).toBe(0);
    expect(emulator.stdout).toContain('Usage: keybridge emulator [options]');
    expect(emulator.stdout).toContain('--up DECISION');
    expect(emulator.stdout).toContain('--json');
  }, 90_000); // some 30 processes, one after the other

  it('--help and usage errors load neither the protocol, the client, node-hid, the prompts nor the emulator', async () => {
    const lightweight = { nodeArgs: ['--import', fileURLToPath(new URL('./forbidHeavyModules.mjs', import.meta.url))] };
    for (const args of [['--help'], ['info', '--help'], ['pin', 'change', '--help'], ['--version']]) {
      const run = await runCli(args, lightweight);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      expect(run.stderr).toBe('');
    }
    const usage = await runCli(['info', '--frob'], lightweight);
    expect(usage.code).toBe(2);
    // The hook is real: a command that needs the client fails under it.
    const info = await runCli(['info', '--device', 'udp:127.0.0.1:9'], lightweight);
    expect(info.stderr).toMatch(/loaded at start-up: @keybridge\/(client|ctap)/);
  });

  it('usage errors exit 2 with one line: unknown option, bad --device, bad --timeout, no PIN source, bad credential id', async () => {
    const cases: Array<[string[], RegExp, Record<string, string>?]> = [
      [['info', '--jsn'], /unknown option '--jsn'.*--json/],
      [['info', '--device', 'usb:1'], /--device wants hid:PATH or udp:HOST:PORT/],
      [['info', '--device', 'udp:127.0.0.1:8111', '--timeout', 'soon'], /--timeout/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['credentials', 'delete', '***', '--device', 'udp:127.0.0.1:9'], /base64url/],
      [['info'], /--device wants/, { KEYBRIDGE_DEVICE: 'nonsense' }],
    ];
    for (const [args, message, env] of cases) {
      const run = await runCli(args, env ? { env } : {});
      expect(run.code, args.join(' ')).toBe(2);
      expect(stderrLines(run), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
  });

  it('a PIN command off a terminal without --pin-stdin or KEYBRIDGE_PIN is a usage error, before any PIN is sent', async () => {
    const key = await startUdpEmulator({ pin: 'Pin$1234#' });
    cleanups.push(key.close);
    const run = await runCli(['credentials', 'list', '--device', key.device]);
    expect(run.code).toBe(2);
    expect(stderrLines(run)).toEqual([
      'keybridge: This needs a PIN: run it on a terminal to be asked, or give it on standard input with --pin-stdin, or in KEYBRIDGE_PIN',
    ]);
    expect(key.authenticator.state.pinRetries).toBe(8);
  });

  it('colour only when asked for on a pipe (FORCE_COLOR), and never with NO_COLOR', async () => {
    const key = await startUdpEmulator();
    cleanups.push(key.close);
    const plain = await runCli(['info', '--device', key.device]);
    const forced = await runCli(['info', '--device', key.device], { env: { FORCE_COLOR: '1' } });
    const noColor = await runCli(['info', '--device', key.device], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(plain.stdout).not.toContain('\u001b[');
    expect(forced.stdout).toContain('\u001b[1mDevice');
    expect(noColor.stdout).not.toContain('\u001b[');
    expect(noColor.stdout).toBe(plain.stdout);
    const failed = await runCli(['info'], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(failed.stderr).toBe(`${NO_KEY}\n`);
  });

  it('keybridge emulator: the emulator’s own options, --json for the port, a CLI that reaches it, SIGTERM to stop', async () => {
    let address: { port: number; device: string } | undefined;
    let info: CliRun | undefined;
    const run = await runCli(['emulator', '--udp', '127.0.0.1:0', '--pin', 'Pin$1234#', '--json'], {
      onSpawn: (child, output) => {
        void waitForOutput(output.stdout, '\n').then(async () => {
          address = JSON.parse(output.stdout()).listening;
          info = await runCli(['info', '--json', '--device', address!.device]);
          child.kill('SIGTERM');
        });
      },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(address?.device).toBe(`udp:127.0.0.1:${address?.port}`);
    expect(info?.code, info?.stderr).toBe(0);
    expect(JSON.parse(info!.stdout).pin).toMatchObject({ set: true, retries: 8 });
  });

  it('keybridge emulator refuses what keybridge-emulator refuses, with exit 2', async () => {
    const unknown = await runCli(['emulator', '--frob']);
    expect(unknown.code).toBe(2);
    expect(stderrLines(unknown)).toEqual(["keybridge: Unknown option '--frob' (see keybridge emulator --help)"]);
    const remote = await runCli(['emulator', '--udp', '0.0.0.0:0']);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toMatch(/not a loopback address/);
  });
});
