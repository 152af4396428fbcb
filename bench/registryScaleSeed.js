// Databases of a given size for `npm run bench:scale`, written straight into the registry's schema by SQL (a
// generated series, one INSERT … SELECT per table: seconds for 100,000 projects): each project has two releases (1.0
// and 2.0), each with an sdist and a py3 wheel, and 1.0 a cp312 wheel too: five files per project. The rows have
// the shapes uploads write (test/registry/insertPackageRows.ts); the files' bytes are not stored (nothing here
// downloads them). The schema is migrated to the one before the newest first, so that the newest migration can be
// timed on the full database.
import { migrateDatabase } from '../packages/registry/dist/db/migrateDatabase.js';
import { registryMigrations } from '../packages/registry/dist/db/migrations/index.js';
import { isPostgres } from '../packages/registry/dist/db/isPostgres.js';
import { openDatabase } from '../packages/registry/dist/db/openDatabase.js';

/** Files per seeded project (see above). */
export const filesPerProject = 5;

/** The seeded name of project `n` (1-based): `Seed-Project-000042`, normalized `seed-project-000042`. */
export const seededProject = (n) => `Seed-Project-${String(n).padStart(6, '0')}`;

/** SQL that differs between the two databases. */
function dialect(db) {
  const postgres = isPostgres(db);
  const now = new Date();
  return {
    /** `expression` (an integer) as decimal digits, zero-padded to `width`. */
    pad: (expression, width) => (postgres ? `lpad((${expression})::text, ${width}, '0')` : `printf('%0${width}d', ${expression})`),
    /** The seeding time as a timestamp literal, stored as uploads store it (SQLite: epoch ms, knex's encoding). */
    now: postgres ? `'${now.toISOString()}'::timestamptz` : String(now.getTime()),
  };
}

/** Opens `databaseUrl`, migrates it to every migration but the newest, and seeds `projects` projects. Returns the open db. */
export async function seedRegistryDatabase(databaseUrl, projects) {
  const db = openDatabase({ databaseUrl });
  const previous = registryMigrations.slice(0, -1);
  await db.migrate.latest({
    migrationSource: { getMigrations: async () => previous, getMigrationName: (migration) => migration.name, getMigration: async (migration) => migration },
  });
  const { pad, now } = dialect(db);
  await db.transaction(async (trx) => {
    await trx.raw(
      `with recursive g(n) as (select 1 union all select n + 1 from g where n < ${Number(projects)}) ` +
        `insert into projects (name, normalized_name, created_at) select 'Seed-Project-' || ${pad('n', 6)}, 'seed-project-' || ${pad('n', 6)}, ${now} from g`,
    );
    await trx.raw(
      `insert into releases (project_id, version, canonical_version, requires_python, summary, created_at) ` +
        `select p.id, v.version, v.version, '>=3.8', 'A seeded project', ${now} from projects p cross join (select '1.0' as version union all select '2.0') v`,
    );
    const files = [
      ['.tar.gz', 'sdist', 'source', 1, ''],
      ['-py3-none-any.whl', 'bdist_wheel', 'py3', 2, ''],
      ['-cp312-cp312-manylinux_2_17_x86_64.whl', 'bdist_wheel', 'cp312', 3, `where r.version = '1.0'`],
    ];
    for (const [suffix, packagetype, pythonVersion, kind, where] of files) {
      const sha256 = pad(`${kind * 10_000_000} + r.id`, 64);
      await trx.raw(
        `insert into files (release_id, filename, packagetype, python_version, size, sha256, md5, blake2_256, storage_key, requires_python, uploaded_at) ` +
          `select r.id, replace(p.normalized_name, '-', '_') || '-' || r.version || '${suffix}', '${packagetype}', '${pythonVersion}', 4096, ` +
          `${sha256}, ${pad('r.id', 32)}, ${sha256}, 'seed/' || ${sha256}, '>=3.8', ${now} from releases r join projects p on p.id = r.project_id ${where}`,
      );
    }
  });
  // What autovacuum would have done by the time a registry is this large.
  if (isPostgres(db)) await db.raw('analyze');
  return db;
}

/** Makes user `userId` an owner of every project (what uploads by that user would have left). */
export async function ownEveryProject(db, userId) {
  await db.raw(`insert into roles (project_id, user_id, role, created_at) select id, ${Number(userId)}, 'owner', ${dialect(db).now} from projects`);
}

/**
 * Each table's storage identity (SQLite: its root page; PostgreSQL: its relfilenode), by name: a table rewritten
 * (copied into new storage, as an ALTER that changes a column's type does) gets a new one.
 */
export async function tableStorage(db) {
  const rows = isPostgres(db)
    ? (await db.raw(`select c.relname as name, c.relfilenode as storage from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind = 'r'`)).rows
    : await db.raw(`select name, rootpage as storage from sqlite_master where type = 'table'`);
  return new Map(rows.map((row) => [row.name, String(row.storage)]));
}

/** Migrates `db` to the newest schema: its duration in ms and the tables whose storage changed (rewritten). */
export async function timeMigration(db) {
  const before = await tableStorage(db);
  const start = performance.now();
  const applied = await migrateDatabase(db);
  const ms = performance.now() - start;
  const after = await tableStorage(db);
  const rewritten = [...before].filter(([name, storage]) => after.has(name) && after.get(name) !== storage).map(([name]) => name);
  return { ms, applied, rewritten };
}
