#!/bin/sh
//bin/true; exec node --expose-gc "$0" "$@"
// Lines 1 and 2 are a shell script that runs this file with node --expose-gc, so that uploads can run minor GCs
// (uploads/ReadBufferReclaimer.ts); to node, line 2 is a comment. `#!/usr/bin/env -S node --expose-gc` would say it
// in one line, but BusyBox's env (Alpine) has no -S and would not start the bin at all.
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { createUser } from '../accounts/createUser.js';
import { loadRegistryConfig } from '../config/loadRegistryConfig.js';
import { RegistryConfigError } from '../config/RegistryConfigError.js';
import { migrateDatabase } from '../db/migrateDatabase.js';
import { openDatabase } from '../db/openDatabase.js';
import { recordEvent } from '../events/recordEvent.js';
import { HttpError } from '../http/HttpError.js';
import { startRegistry } from '../server/startRegistry.js';
import { parseRegistryArguments, registryUsage } from './parseRegistryArguments.js';
import { readPassword } from './readPassword.js';
import { runWorkers, type WorkerListening } from './runWorkers.js';
import { RegistryUsageError } from './RegistryUsageError.js';

const name = 'keybridge-registry';

function fail(message: string, exitCode: number): never {
  process.stderr.write(`${name}: ${message.split('\n')[0]}\n`);
  process.exit(exitCode);
}

function packageVersion(): string {
  // dist/bin/ (and src/bin/) sit two levels below the package root.
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

async function serve(workers: number): Promise<void> {
  const config = loadRegistryConfig();
  if (cluster.isPrimary && workers > 1) {
    // Once, before any worker starts: workers never migrate.
    await applyMigrations();
    runWorkers(workers, { log: (line) => process.stdout.write(`${name}: ${line}\n`), fail: (message) => fail(message, 1) });
    return;
  }
  const starting = startRegistry({ config, migrate: cluster.isPrimary });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A second signal: the operator does not want to wait for the requests in flight.
    if (stopping) fail(`${signal} again, exiting now`, 1);
    stopping = true;
    // A failed start ends the process by itself (main's catch).
    void starting
      .then((registry) => registry.close(), () => undefined)
      .then(() => process.exit(0), (error: unknown) => fail(`while stopping: ${(error as Error).message}`, 1));
  };
  // A worker stops when its primary says so (SIGTERM); Ctrl-C reaches the whole process group, and the primary.
  if (cluster.isWorker) process.on('SIGINT', () => undefined);
  for (const signal of cluster.isWorker ? (['SIGTERM'] as const) : (['SIGINT', 'SIGTERM'] as const)) process.on(signal, stop);
  const started = await starting;
  if (stopping) return;
  if (cluster.isWorker) process.send?.({ listening: started.url } satisfies WorkerListening);
  else process.stdout.write(`${name}: listening on ${started.url}\n`);
}

async function applyMigrations(): Promise<string[]> {
  const db = openDatabase(loadRegistryConfig());
  try {
    return await migrateDatabase(db);
  } finally {
    await db.destroy();
  }
}

async function migrate(): Promise<void> {
  const applied = await applyMigrations();
  process.stdout.write(applied.length === 0 ? `${name}: the database is up to date\n` : `${name}: applied ${applied.join(', ')}\n`);
}

async function createAdmin(username: string): Promise<void> {
  const config = loadRegistryConfig();
  const password = await readPassword(process.stdin, process.stderr);
  const db = openDatabase(config);
  try {
    await migrateDatabase(db);
    const user = await createUser(db, { username, password, isAdmin: true });
    await recordEvent(db, { kind: 'account.admin_created', userId: user.id, ip: null, userAgent: null, details: { via: 'cli', username: user.username } });
    process.stdout.write(`${name}: created administrator ${user.username}\n`);
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  const command = parseRegistryArguments(process.argv.slice(2));
  switch (command.action) {
    case 'help':
      process.stdout.write(registryUsage);
      return;
    case 'version':
      process.stdout.write(`${packageVersion()}\n`);
      return;
    case 'serve':
      return serve(command.workers);
    case 'migrate':
      return migrate();
    case 'create-admin':
      return createAdmin(command.username);
  }
}

main().catch((error: unknown) => {
  if (error instanceof RegistryUsageError) fail(`${error.message} (see --help)`, error.exitCode);
  if (error instanceof RegistryConfigError) fail(error.message, error.exitCode);
  // Rule violations (a taken username, a short password) are the operator's input: say them in one line.
  if (error instanceof HttpError && error.status < 500) fail(error.message, 1);
  fail(error instanceof Error ? error.message : String(error), 1);
});
