// A throwaway PostgreSQL cluster for a benchmark, from Debian's binaries, as test/support/PostgresCluster.ts makes
// the tests' one (plain JS here: benches run without a TypeScript build of the tests): initdb in a temporary directory
// (as the `postgres` user when run as root, which PostgreSQL refuses), listening on 127.0.0.1 and a free port, trust
// authentication for `postgres`, fsync off (throwaway data).
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const debianRoot = '/usr/lib/postgresql';

/** The bin directory of the newest Debian-installed PostgreSQL that has initdb, or null. */
export function findPostgresBinaries() {
  if (!existsSync(debianRoot)) return null;
  const majors = readdirSync(debianRoot)
    .filter((name) => /^\d+$/.test(name) && existsSync(join(debianRoot, name, 'bin', 'initdb')))
    .sort((left, right) => Number(right) - Number(left));
  return majors[0] === undefined ? null : join(debianRoot, majors[0], 'bin');
}

function runTool(binDir, tool, args) {
  const asRoot = process.getuid?.() === 0;
  const [command, commandArgs] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(binDir, tool), ...args]] : [join(binDir, tool), args];
  return execFileSync(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Creates and starts a cluster: { version, url(database), createDatabase(name) (resolves with its URL), destroy() }. Call
 * destroy() when done (it stops the server and deletes its directory); it also runs if this process exits first.
 */
export async function startPostgresCluster(binDir) {
  const root = mkdtempSync(join(tmpdir(), 'keybridge-bench-postgres-'));
  const dataDir = join(root, 'data');
  let running = false;
  const destroy = () => {
    process.off('exit', destroy);
    if (running) {
      running = false;
      try {
        runTool(binDir, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already gone.
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', destroy);
  try {
    if (process.getuid?.() === 0) {
      const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(root, id('-u'), id('-g'));
    }
    runTool(binDir, 'initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync']);
    const port = await freePort();
    runTool(binDir, 'pg_ctl', ['-D', dataDir, '-l', join(root, 'server.log'), '-w', '-t', '60', '-o', `-h 127.0.0.1 -p ${port} -k ${root} -F -c max_connections=200`, 'start']);
    running = true;
    const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
    return {
      /** The major version, e.g. '15'. */
      version: binDir.split('/').at(-2),
      url,
      async createDatabase(name) {
        const client = new pg.Client({ connectionString: url() });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return url(name);
      },
      destroy,
    };
  } catch (error) {
    destroy();
    throw error;
  }
}
