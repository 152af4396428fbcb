/*
 * A throwaway PostgreSQL cluster from Debian's binaries: created in a temporary directory, listening on 127.0.0.1 and
 * a free port only (its Unix socket in that directory too), trust authentication for the superuser `postgres`,
 * fsync off (throwaway data). As root, PostgreSQL refuses to run, so initdb and pg_ctl run as the `postgres` user
 * (runuser) in a directory it owns. The suites' shared cluster (test/globalSetup/postgres.ts) is one; a test that
 * stops the server to see the registry through an outage makes its own.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { isProcessAlive } from '../../packages/registry/src/storage/isProcessAlive.js';
import { freePort } from './freePort.js';

const debianRoot = '/usr/lib/postgresql';
const ownerFile = 'owner.pid';

/** The bin directory of the newest Debian-installed PostgreSQL that has initdb, or null. */
export function findPostgresBinaries(): string | null {
  if (!existsSync(debianRoot)) return null;
  const majors = readdirSync(debianRoot)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(debianRoot, name, 'bin', 'initdb')))
    .sort((left, right) => Number(right) - Number(left));
  return majors[0] === undefined ? null : join(debianRoot, majors[0], 'bin');
}

export class PostgresCluster {
  readonly binDir: string;
  /** The temporary directory holding the data directory, the socket and the server log. */
  readonly root: string;
  #port = 0;
  #running = false;

  /** Creates (initdb) a cluster under a new temporary directory named `<prefix>...`; start() runs it. */
  constructor(binDir: string, prefix: string) {
    this.binDir = binDir;
    removeAbandonedClusters(binDir, prefix);
    this.root = mkdtempSync(join(tmpdir(), prefix));
    // Lets a later run tell a cluster whose test process was killed (no teardown) from one in use.
    writeFileSync(join(this.root, ownerFile), String(process.pid));
    try {
      if (process.getuid?.() === 0) {
        const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
        const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
        chownSync(this.root, uid, gid);
      }
      runTool(binDir, 'initdb', ['-D', this.dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync']);
    } catch (error) {
      rmSync(this.root, { recursive: true, force: true });
      throw new Error(`could not create a PostgreSQL cluster: ${describe(error)}`);
    }
  }

  get dataDir(): string {
    return join(this.root, 'data');
  }

  /** The port it listens on (chosen by the first start, kept by later ones). */
  get port(): number {
    return this.#port;
  }

  /** The major version of its binaries, e.g. '15'. */
  get version(): string {
    return this.binDir.split('/').at(-2) ?? '';
  }

  /** Creates database `name` (a plain identifier); resolves with its URL. */
  async createDatabase(name: string): Promise<string> {
    const client = new pg.Client({ connectionString: this.url() });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }

  /** The superuser's URL of database `database`. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.#port}/${database}`;
  }

  /**
   * Starts the server: the first time on a free port (another process may take it between probing and binding, so a
   * failed start is retried on a new one), later on the same port.
   */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const port = this.#port || (await freePort());
      const options = `-h 127.0.0.1 -p ${port} -k ${this.root} -F -c max_connections=300`;
      try {
        runTool(this.binDir, 'pg_ctl', ['-D', this.dataDir, '-l', join(this.root, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
        this.#port = port;
        this.#running = true;
        return;
      } catch (error) {
        if (attempt >= 3 || this.#port !== 0) {
          const log = join(this.root, 'server.log');
          const detail = existsSync(log) ? `\n${readFileSync(log, 'utf8').slice(-2000)}` : '';
          throw new Error(`could not start PostgreSQL: ${describe(error)}${detail}`);
        }
      }
    }
  }

  /** Stops the server (`fast`: clients are disconnected, as on a restart; `immediate`: as on a crash). */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    if (!this.#running) return;
    this.#running = false;
    try {
      runTool(this.binDir, 'pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', 'stop']);
    } catch {
      // Already gone: nothing to stop.
    }
  }

  /** Stops the server and deletes the cluster. */
  destroy(): void {
    this.stop('immediate');
    rmSync(this.root, { recursive: true, force: true });
  }
}

function runTool(binDir: string, tool: string, args: string[]): string {
  const [command, commandArgs] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', join(binDir, tool), ...args]] : [join(binDir, tool), args];
  return execFileSync(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
}

/** Stops and deletes the clusters named `<prefix>...` whose owning process is gone (killed before its teardown). */
function removeAbandonedClusters(binDir: string, prefix: string): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(prefix)) continue;
    const root = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(root, ownerFile), 'utf8'));
    } catch {
      continue;
    }
    if (isProcessAlive(owner)) continue;
    try {
      runTool(binDir, 'pg_ctl', ['-D', join(root, 'data'), '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Not running any more.
    }
    rmSync(root, { recursive: true, force: true });
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    return typeof stderr === 'string' && stderr.trim() !== '' ? `${error.message}\n${stderr.trim()}` : error.message;
  }
  return String(error);
}
