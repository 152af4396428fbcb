#!/usr/bin/env node
import { runKeybridge } from '../program/runKeybridge.js';

/** Resolves once everything written to the stream has been handed to the OS (a pipe to a slow reader included). */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

// A reader that went away (`keybridge --help | head -1`) is no failure of ours: no stack trace, the usual exit status.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

runKeybridge(process.argv.slice(2)).then(
  async (exitCode) => {
    await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
    // Exit explicitly: a prompt library or a HID handle must not keep a finished command alive.
    process.exit(exitCode);
  },
  (error: unknown) => {
    process.stderr.write(`keybridge: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
