#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { EmulatorUsageError } from './EmulatorUsageError.js';
import { emulatorUsage, parseEmulatorArguments } from './parseEmulatorArguments.js';
import { serveEmulator } from './serveEmulator.js';
import { formatUsbId } from './startEmulator.js';

const name = 'keybridge-emulator';

function fail(message: string, exitCode: number): never {
  process.stderr.write(`${name}: ${message}\n`);
  process.exit(exitCode);
}

function packageVersion(): string {
  // dist/bin/ (and src/bin/) sit two levels below the package root.
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
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
  await serveEmulator(command, {
    running: (emulator) =>
      process.stdout.write(
        emulator.transport === 'uhid'
          ? `${name}: HID security key at ${emulator.hidrawPath} (uhid, USB id ${formatUsbId(emulator.vendorId, emulator.productId)})\n`
          : `${name}: listening on ${emulator.address.address}:${emulator.address.port} (udp)\n`,
      ),
    signalledAgain: (signal) => fail(`${signal} again, exiting now`, 1),
  });
  process.exit(0);
}

main().catch((error: unknown) => {
  if (error instanceof EmulatorUsageError) fail(error.message, error.exitCode);
  fail((error as Error).message ?? String(error), 1);
});
