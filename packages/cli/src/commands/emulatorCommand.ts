import type { Writable } from 'node:stream';
import { EmulatorUsageError, emulatorUsage, parseEmulatorArguments, serveUdpEmulator } from '@keybridge/emulator';
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

/**
 * `keybridge emulator [options]`: the software authenticator on UDP, with exactly the options of
 * `keybridge-emulator` (its parser and serveUdpEmulator: the same loopback refusal and two-signal stop). `--json` (ours) prints the bound address as JSON, which with
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
        '  --json                   print the address listened on as JSON (with --udp 127.0.0.1:0: the port picked)\n',
    );
    return ExitCode.OK;
  }
  if (command.action === 'version') {
    io.stdout.write(`${io.version}\n`);
    return ExitCode.OK;
  }
  try {
    await serveUdpEmulator(command, {
      listening: (address) =>
        io.stdout.write(
          json
            ? `${JSON.stringify({ listening: { transport: 'udp', address: address.address, port: address.port, device: `udp:${address.address}:${address.port}` } })}\n`
            : `keybridge emulator: listening on ${address.address}:${address.port} (udp); use --device udp:${address.address}:${address.port}\n`,
        ),
      signalledAgain: () => process.exit(ExitCode.ERROR),
    });
    return ExitCode.OK;
  } catch (error) {
    if (error instanceof EmulatorUsageError) return fail(error.message, ExitCode.USAGE);
    return fail(error instanceof Error ? error.message : String(error), ExitCode.ERROR);
  }
}
