import { describe, expect, it, onTestFinished } from 'vitest';
import { isPostgres } from '../../packages/registry/src/db/isPostgres.js';
import { migrateDatabase } from '../../packages/registry/src/db/migrateDatabase.js';
import { releaseMetadataColumns } from '../../packages/registry/src/db/migrations/0005_release_metadata.js';
import { migrationSource, registryMigrations } from '../../packages/registry/src/db/migrations/index.js';
import { openDatabase } from '../../packages/registry/src/db/openDatabase.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { testDatabases } from './testDatabases.js';

const tables = ['users', 'sessions', 'rate_limit_buckets', 'events', 'projects', 'roles', 'releases', 'files', 'api_tokens', 'api_token_addresses', 'totp_secrets', 'webauthn_credentials', 'webauthn_challenges', 'recovery_codes', 'deleted_filenames'];

describe.each(testDatabases)('migrations on $kind', (testDatabase) => {
  async function open() {
    const database = await createDatabaseForThisTest(testDatabase);
    const db = openDatabase(database);
    onTestFinished(() => db.destroy());
    return { database, db };
  }

  it('creates every table on a fresh database, then has nothing left to apply', async () => {
    const { db } = await open();
    expect(await migrateDatabase(db)).toEqual(registryMigrations.map((migration) => migration.name));
    for (const table of tables) expect(await db.schema.hasTable(table)).toBe(true);
    for (const column of releaseMetadataColumns) expect(await db.schema.hasColumn('releases', column), column).toBe(true);
    expect(await migrateDatabase(db)).toEqual([]);
    expect(isPostgres(db)).toBe(testDatabase.kind === 'postgres');
  });

  it('enforces unique normalized usernames and foreign keys in the database itself', async () => {
    const { db } = await open();
    await migrateDatabase(db);
    const user = { password_hash: 'x', created_at: new Date() };
    await db('users').insert({ ...user, username: 'Alice', username_normalized: 'alice' });
    const duplicate = await db('users').insert({ ...user, username: 'ALICE', username_normalized: 'alice', password_hash: 'secret-hash-value' }).catch((error: Error) => error);
    expect((duplicate as Error).message).toMatch(/unique|duplicate/i);
    // Errors get logged: they carry the SQL's placeholders, never the values.
    expect((duplicate as Error).message).not.toContain('secret-hash-value');
    const now = new Date();
    await expect(db('sessions').insert({ id_hash: 'a'.repeat(64), user_id: 999, created_at: now, expires_at: now })).rejects.toThrow(/foreign key/i);
  });

  it('survives three processes migrating the same fresh database at once, leaving one lock row', async () => {
    const { database, db } = await open();
    const others = [openDatabase(database), openDatabase(database)];
    for (const other of others) onTestFinished(() => other.destroy());
    // The first round races to create knex's own tables; the later ones race for its lock while migrations run.
    for (let round = 0; round < 3; round++) {
      const applied = await Promise.all([db, ...others].map((each) => migrateDatabase(each)));
      expect(applied.flat().sort()).toEqual(registryMigrations.map((migration) => migration.name).sort());
      expect(await db('knex_migrations_lock').select('is_locked')).toEqual([{ is_locked: 0 }]);
      await db.migrate.rollback({ migrationSource }, true);
    }
  }, 60_000);

  it('rolls every migration back and applies them again', async () => {
    const { db } = await open();
    await migrateDatabase(db);
    await db.migrate.rollback({ migrationSource }, true);
    for (const table of tables) expect(await db.schema.hasTable(table)).toBe(false);
    expect(await migrateDatabase(db)).toHaveLength(registryMigrations.length);
  });
});

describe('SQLite connections', () => {
  it('run in WAL mode with a 5 s busy timeout and foreign keys on', async () => {
    const database = await testDatabases[0]!.create();
    const db = openDatabase(database);
    try {
      expect(await db.raw('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await db.raw('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
      expect(await db.raw('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    } finally {
      await db.destroy();
      await database.destroy();
    }
  });
});
