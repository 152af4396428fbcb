import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import knex, { type Knex } from 'knex';
import type { RegistryConfig } from '../config/RegistryConfig.js';

/** The SQLite connection handle knex hands to afterCreate (node-sqlite3's Database). */
interface SqliteConnection {
  exec(sql: string, callback: (error: Error | null) => void): void;
  get(sql: string, callback: (error: Error | null, row: Record<string, unknown> | undefined) => void): void;
}

/**
 * knex's warnings, less those about a migration lock another process holds (migrateDatabase waits for it), about a
 * connection that could not be made (the query that wanted it fails with the same error, which is answered and
 * logged there: an unreachable database once per outage, by DatabaseAvailability, not once per request) and about a
 * pooled connection found closed (it is replaced; one line per pooled connection after every database restart).
 */
const log = {
  warn(message: string) {
    if (/Can't take lock to run migrations|release the lock manually|^Acquire connection error|^Connection Error: /.test(message)) return;
    process.stderr.write(`keybridge-registry: knex: ${message}\n`);
  },
};

/**
 * A knex instance on the configured database: PostgreSQL for postgres:// URLs, SQLite otherwise.
 * SQLite runs in WAL mode (readers do not block the writer), waits up to 5 s for another process's write lock
 * instead of failing at once, and enforces foreign keys (off by default in SQLite).
 */
export function openDatabase(config: Pick<RegistryConfig, 'databaseUrl'>): Knex {
  const url = config.databaseUrl;
  if (/^postgres(ql)?:\/\//i.test(url)) {
    return knex({ client: 'pg', connection: { connectionString: url }, pool: { min: 0, max: 10 }, compileSqlOnError: false, log });
  }
  const filename = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  mkdirSync(dirname(filename), { recursive: true, mode: 0o700 });
  createPrivately(filename);
  return knex({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    // Error messages carry the SQL with ? placeholders, not the values (password hashes, session hashes): they get logged.
    compileSqlOnError: false,
    log,
    pool: {
      afterCreate(connection: SqliteConnection, done: (error: Error | null, connection: SqliteConnection) => void) {
        connection.exec('PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;', (error) => {
          if (error) done(error, connection);
          else useWal(connection, Date.now() + 5000, (walError) => done(walError, connection));
        });
      },
    },
  });
}

/**
 * The database holds password hashes: create it 0600 whatever the umask (SQLite gives its -wal, -shm and -journal
 * files the mode of the database file), and take group and other access away from the files of an existing one.
 */
function createPrivately(filename: string): void {
  if (filename === ':memory:' || filename === '') return;
  closeSync(openSync(filename, 'a', 0o600));
  for (const file of [filename, `${filename}-wal`, `${filename}-shm`, `${filename}-journal`]) {
    let mode: number;
    try {
      mode = statSync(file).mode & 0o777;
    } catch {
      continue;
    }
    if ((mode & 0o077) !== 0) chmodSync(file, mode & 0o700);
  }
}

/**
 * Switches the file to WAL (a setting kept in the file: only its first connection changes it). Changing the journal
 * mode answers SQLITE_BUSY at once, without the busy timeout, while another process writes (several servers starting
 * on a new file): retry for up to 5 s.
 */
function useWal(connection: SqliteConnection, deadline: number, callback: (error: Error | null) => void): void {
  connection.get('PRAGMA journal_mode', (error, row) => {
    if (!error && row?.journal_mode === 'wal') return callback(null);
    connection.exec('PRAGMA journal_mode = WAL', (walError) => {
      const busy = (walError as NodeJS.ErrnoException | null)?.code === 'SQLITE_BUSY';
      if (busy && Date.now() < deadline) setTimeout(() => useWal(connection, deadline, callback), 25);
      else callback(walError);
    });
  });
}
