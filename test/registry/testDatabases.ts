import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A fresh, empty database for one test, with a data directory (storage, secret key) beside it. */
export interface FreshDatabase {
  kind: 'sqlite' | 'postgres';
  databaseUrl: string;
  dataDir: string;
  /** Drops the database (PostgreSQL) and removes the data directory. */
  destroy(): Promise<void>;
}

export interface TestDatabase {
  kind: 'sqlite' | 'postgres';
  create(): Promise<FreshDatabase>;
}

const sqlite: TestDatabase = {
  kind: 'sqlite',
  async create() {
    const dataDir = mkdtempSync(join(tmpdir(), 'keybridge-registry-'));
    return {
      kind: 'sqlite',
      databaseUrl: `sqlite:${join(dataDir, 'registry.sqlite3')}`,
      dataDir,
      destroy: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  },
};

/** Fresh databases on the PostgreSQL server whose superuser URL is `adminUrl`. */
export function postgresTestDatabase(adminUrl: string): TestDatabase {
  return {
    kind: 'postgres',
    async create() {
      const name = `keybridge_test_${randomBytes(8).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const dataDir = mkdtempSync(join(tmpdir(), 'keybridge-registry-'));
      return {
        kind: 'postgres',
        databaseUrl: url.href,
        dataDir,
        async destroy() {
          rmSync(dataDir, { recursive: true, force: true });
          const client = new pg.Client({ connectionString: adminUrl });
          await client.connect();
          try {
            await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          } finally {
            await client.end();
          }
        },
      };
    },
  };
}

/**
 * The databases every registry suite runs against: SQLite always, PostgreSQL too when KEYBRIDGE_TEST_DATABASE_URL
 * names a server (a database there the tests may create databases from, e.g. postgres://postgres@127.0.0.1:5432/postgres).
 * Use with describe.each(testDatabases)('… on $kind', …) and create() a fresh database in each test.
 */
export const testDatabases: readonly TestDatabase[] = [
  sqlite,
  ...(process.env.KEYBRIDGE_TEST_DATABASE_URL ? [postgresTestDatabase(process.env.KEYBRIDGE_TEST_DATABASE_URL)] : []),
];
