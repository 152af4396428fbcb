#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { isLoopbackHost } from '../transports/isLoopbackHost.js';
import { EmulatorUsageError } from './EmulatorUsageError.js';
import { emulatorUsage, parseEmulatorArguments } from './parseEmulatorArguments.js';
import { formatUsbId, startEmulator } from './startEmulator.js';

const name = 'keybridge-emulator';

function fail(message: string, exitCode: number): never {
  process.stderr.write(`${name}: ${message}\n`);
  process.exit(exitCode);
}

function packageVersion(): string {
  // dist/bin/ (and src/bin/) sit two levels below the package root.
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return packageJson.version;
}

async function main(): Promise<void> {
  let command;
  try {
    command = parseEmulatorArguments(process.argv.slice(2));
  } catch (error) {
    if (error instanceof EmulatorUsageError) fail(`${error.message} (see --help)`, error.exitCode);
    throw error;
  }
  if (command.action === 'help') {
    process.stdout.write(emulatorUsage);
    return;
  }
  if (command.action === 'version') {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  if (!command.uhid && !isLoopbackHost(command.host) && !command.allowRemote) {
    fail(
      `refusing to listen on ${command.host}: it is not a loopback address, and an emulator on a network is a key anyone can use (--allow-remote to do it anyway)`,
      2,
    );
  }

  // Creating the authenticator may already write the state file (--pin): a signal waits for that too.
  const starting = startEmulator(command);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A second signal: the user does not want to wait for the pending request.
    if (stopping) fail(`${signal} again, exiting now`, 1);
    stopping = true;
    // A failed start ends the process by itself (main's catch).
    void starting
      .then((emulator) => emulator.close(), () => undefined)
      .then(() => process.exit(0), (error: unknown) => fail(`while stopping: ${(error as Error).message}`, 1));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);

  const emulator = await starting;
  if (stopping) return;
  if (emulator.transport === 'uhid') {
    process.stdout.write(`${name}: HID security key at ${emulator.hidrawPath} (uhid, USB id ${formatUsbId(emulator.vendorId, emulator.productId)})\n`);
  } else {
    process.stdout.write(`${name}: listening on ${emulator.address.address}:${emulator.address.port} (udp)\n`);
  }
}

main().catch((error: unknown) => fail((error as Error).message ?? String(error), 1));
