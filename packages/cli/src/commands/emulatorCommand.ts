import type { Writable } from 'node:stream';
import { EmulatorUsageError, emulatorUsage, formatUsbId, parseEmulatorArguments, serveEmulator, type RunningEmulator } from '@keybridge/emulator';
import { createPaint } from '../output/createPaint.js';
import { shouldUseColour } from '../output/shouldUseColour.js';
import { ExitCode, type ExitCodeValue } from '../program/ExitCode.js';

export interface EmulatorCommandIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** The CLI's version, for --version. */
  version: string;
}

/** The line saying where the emulator is and which --device reaches it; JSON with --json. */
function describeRunning(emulator: RunningEmulator, json: boolean): string {
  if (emulator.transport === 'uhid') {
    const { hidrawPath, vendorId, productId } = emulator;
    const device = `hid:${hidrawPath}`;
    return json
      ? `${JSON.stringify({ listening: { transport: 'uhid', path: hidrawPath, vendorId, productId, device } })}\n`
      : `keybridge emulator: HID security key at ${hidrawPath} (uhid, USB id ${formatUsbId(vendorId, productId)}); use --device ${device}\n`;
  }
  const { address, port } = emulator.address;
  return json
    ? `${JSON.stringify({ listening: { transport: 'udp', address, port, device: `udp:${address}:${port}` } })}\n`
    : `keybridge emulator: listening on ${address}:${port} (udp); use --device udp:${address}:${port}\n`;
}

/**
 * `keybridge emulator [options]`: the software authenticator on UDP, with exactly the options of
 * `keybridge-emulator` (its parser and serveEmulator: the same loopback refusal and two-signal stop, on UDP or --uhid). `--json` (ours) prints the bound address as JSON, which with
 * `--udp 127.0.0.1:0` tells a script the port. Runs until SIGINT or SIGTERM; resolves with the exit status.
 */
export async function emulatorCommand(argv: readonly string[], io: EmulatorCommandIo): Promise<ExitCodeValue> {
  const json = argv.includes('--json');
  const fail = (message: string, exitCode: ExitCodeValue): ExitCodeValue => {
    io.stderr.write(`${createPaint(shouldUseColour(io.stderr, io.env)).red('keybridge:')} ${message}\n`);
    return exitCode;
  };

  let command;
  try {
    command = parseEmulatorArguments(argv.filter((argument) => argument !== '--json'));
  } catch (error) {
    if (error instanceof EmulatorUsageError) return fail(`${error.message} (see keybridge emulator --help)`, ExitCode.USAGE);
    throw error;
  }
  if (command.action === 'help') {
    io.stdout.write(
      emulatorUsage.replace('Usage: keybridge-emulator', 'Usage: keybridge emulator') +
        '  --json                   print the address listened on (or the hidraw node) as JSON (with --udp 127.0.0.1:0: the port picked)\n',
    );
    return ExitCode.OK;
  }
  if (command.action === 'version') {
    io.stdout.write(`${io.version}\n`);
    return ExitCode.OK;
  }
  try {
    await serveEmulator(command, {
      running: (emulator) => io.stdout.write(describeRunning(emulator, json)),
      signalledAgain: () => process.exit(ExitCode.ERROR),
    });
    return ExitCode.OK;
  } catch (error) {
    if (error instanceof EmulatorUsageError) return fail(error.message, ExitCode.USAGE);
    return fail(error instanceof Error ? error.message : String(error), ExitCode.ERROR);
  }
}
