/*
 * Vitest globalSetup: a throwaway PostgreSQL cluster for the registry suites, so that `npm test` runs them on
 * PostgreSQL as well as SQLite (test/registry/testDatabases.ts reads KEYBRIDGE_TEST_DATABASE_URL).
 *
 * - KEYBRIDGE_TEST_DATABASE_URL already set: that server is used, nothing is started.
 * - Debian's PostgreSQL binaries present (/usr/lib/postgresql/<major>/bin): a cluster is created in a temporary
 *   directory, listening on 127.0.0.1 and a free port only (its Unix socket in that directory too), trust
 *   authentication for the superuser `postgres`, fsync off (throwaway data); stopped and deleted in teardown.
 *   As root, PostgreSQL refuses to run, so initdb and pg_ctl run as the `postgres` user (runuser) in a directory
 *   it owns.
 * - Neither: one line says the PostgreSQL runs are skipped; the suites run on SQLite only.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const debianRoot = '/usr/lib/postgresql';
const databaseName = 'keybridge_test';
const clusterPrefix = 'keybridge-postgres-';
const ownerFile = 'owner.pid';

export default async function setupPostgres(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.KEYBRIDGE_TEST_DATABASE_URL) return undefined;
  const binDir = findPostgresBinaries();
  if (binDir === null) {
    console.log(`PostgreSQL runs skipped: no ${debianRoot}/*/bin/initdb (scripts/install-debian-packages.sh installs it); registry suites ran on SQLite only.`);
    return undefined;
  }

  const started = Date.now();
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? ['runuser', ['-u', 'postgres', '--', join(binDir, tool), ...args]] as const : [join(binDir, tool), args] as const;
    return execFileSync(command[0], command[1], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  };
  removeAbandonedClusters(run);
  const root = mkdtempSync(join(tmpdir(), clusterPrefix));
  const dataDir = join(root, 'data');
  // Lets a later run tell a cluster whose vitest was killed (no teardown) from one in use.
  writeFileSync(join(root, ownerFile), String(process.pid));
  let running = false;
  const stop = () => {
    if (running) {
      running = false;
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already gone: nothing to stop.
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  // Vitest ending without teardown (an uncaught error, process.exit): do not leave a server behind. A vitest killed
  // outright leaves it to the next run's removeAbandonedClusters.
  process.once('exit', stop);

  try {
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(root, uid, gid);
    }
    run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync']);
    const port = await startCluster(run, dataDir, root);
    running = true;

    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${databaseName}`);
    } finally {
      await client.end();
    }
    // Workers are started after globalSetup and inherit the environment.
    process.env.KEYBRIDGE_TEST_DATABASE_URL = `postgres://postgres@127.0.0.1:${port}/${databaseName}`;
    console.log(`PostgreSQL ${binDir.split('/').at(-2)} for the registry suites on 127.0.0.1:${port} (started in ${Date.now() - started} ms)`);
  } catch (error) {
    const log = join(root, 'server.log');
    const detail = existsSync(log) ? `\n${readFileSync(log, 'utf8').slice(-2000)}` : '';
    stop();
    process.off('exit', stop);
    throw new Error(`could not start PostgreSQL for the tests: ${describe(error)}${detail}`);
  }

  return async () => {
    process.off('exit', stop);
    stop();
    delete process.env.KEYBRIDGE_TEST_DATABASE_URL;
  };
}

/** Stops and deletes the clusters of earlier runs whose vitest process is gone (killed before its teardown). */
function removeAbandonedClusters(run: (tool: string, args: string[]) => string): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(clusterPrefix)) continue;
    const root = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(root, ownerFile), 'utf8'));
    } catch {
      continue;
    }
    if (isProcessAlive(owner)) continue;
    try {
      run('pg_ctl', ['-D', join(root, 'data'), '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Not running any more.
    }
    rmSync(root, { recursive: true, force: true });
  }
}

function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The bin directory of the newest Debian-installed PostgreSQL that has initdb, or null. */
function findPostgresBinaries(): string | null {
  if (!existsSync(debianRoot)) return null;
  const majors = readdirSync(debianRoot)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(debianRoot, name, 'bin', 'initdb')))
    .sort((left, right) => Number(right) - Number(left));
  return majors[0] === undefined ? null : join(debianRoot, majors[0], 'bin');
}

/**
 * Starts the cluster on a free port; another process may take the port between probing and binding, so a failed
 * start is retried on a new one. Returns the port.
 */
async function startCluster(run: (tool: string, args: string[]) => string, dataDir: string, root: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const options = `-h 127.0.0.1 -p ${port} -k ${root} -F -c max_connections=300`;
    try {
      run('pg_ctl', ['-D', dataDir, '-l', join(root, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
      return port;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    return typeof stderr === 'string' && stderr.trim() !== '' ? `${error.message}\n${stderr.trim()}` : error.message;
  }
  return String(error);
}
