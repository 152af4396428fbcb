import type { Writable } from 'node:stream';
import { createAuthenticator, EmulatorUsageError, emulatorUsage, isLoopbackHost, parseEmulatorArguments, UdpEmulatorServer } from '@keybridge/emulator';
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
 * `keybridge-emulator` (its own parser and server). `--json` (ours) prints the bound address as JSON, which with
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
  const { authenticator: authenticatorOptions, host, port, allowRemote, replyPort } = command;
  if (!isLoopbackHost(host) && !allowRemote) {
    return fail(
      `refusing to listen on ${host}: it is not a loopback address, and an emulator on a network is a key anyone can use (--allow-remote to do it anyway)`,
      ExitCode.USAGE,
    );
  }

  let server: UdpEmulatorServer | undefined;
  let stop: (signal: NodeJS.Signals) => void = () => undefined;
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    stop = resolve;
  });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const authenticator = await createAuthenticator(authenticatorOptions);
    server = new UdpEmulatorServer(authenticator, { host, port, allowRemote, ...(replyPort === undefined ? {} : { replyPort }) });
    const address = await server.start();
    io.stdout.write(
      json
        ? `${JSON.stringify({ listening: { transport: 'udp', address: address.address, port: address.port, device: `udp:${address.address}:${address.port}` } })}\n`
        : `keybridge emulator: listening on ${address.address}:${address.port} (udp); use --device udp:${address.address}:${address.port}\n`,
    );
    await stopped;
    // A second signal while a request (and its state write) finishes: the user does not want to wait.
    const again = () => process.exit(ExitCode.ERROR);
    process.once('SIGINT', again);
    process.once('SIGTERM', again);
    await server.close();
    return ExitCode.OK;
  } catch (error) {
    await server?.close().catch(() => undefined);
    return fail(error instanceof Error ? error.message : String(error), ExitCode.ERROR);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
