/*
 * Vitest globalSetup: a throwaway PostgreSQL cluster for the registry suites, so that `npm test` runs them on
 * PostgreSQL as well as SQLite (test/registry/testDatabases.ts reads KEYBRIDGE_TEST_DATABASE_URL).
 *
 * - KEYBRIDGE_TEST_DATABASE_URL already set: that server is used, nothing is started.
 * - Debian's PostgreSQL binaries present (/usr/lib/postgresql/<major>/bin): a PostgresCluster (test/support) is
 *   created and started, and stopped and deleted in teardown.
 * - Neither: with CI=true the run fails; otherwise one line says the PostgreSQL runs are skipped and the suites run
 *   on SQLite only.
 */
import { findPostgresBinaries, PostgresCluster } from '../support/PostgresCluster.js';

const databaseName = 'keybridge_test';

export default async function setupPostgres(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.KEYBRIDGE_TEST_DATABASE_URL) return undefined;
  const binDir = findPostgresBinaries();
  if (binDir === null) {
    // In CI every peer must be there: running on SQLite only would pass while testing less.
    if (process.env.CI === 'true') throw new Error('CI=true, but PostgreSQL is missing (no /usr/lib/postgresql/*/bin/initdb and no KEYBRIDGE_TEST_DATABASE_URL): run scripts/install-debian-packages.sh');
    console.log('PostgreSQL runs skipped: no /usr/lib/postgresql/*/bin/initdb (scripts/install-debian-packages.sh installs it); registry suites ran on SQLite only.');
    return undefined;
  }

  const started = Date.now();
  const cluster = new PostgresCluster(binDir, 'keybridge-postgres-');
  // Vitest ending without teardown (an uncaught error, process.exit): do not leave a server behind. A vitest killed
  // outright leaves it to the next run's PostgresCluster, which removes clusters whose owner is gone.
  const stop = () => cluster.destroy();
  process.once('exit', stop);
  try {
    await cluster.start();
    // Workers are started after globalSetup and inherit the environment.
    process.env.KEYBRIDGE_TEST_DATABASE_URL = await cluster.createDatabase(databaseName);
    console.log(`PostgreSQL ${cluster.version} for the registry suites on 127.0.0.1:${cluster.port} (started in ${Date.now() - started} ms)`);
  } catch (error) {
    stop();
    process.off('exit', stop);
    throw new Error(`could not start PostgreSQL for the tests: ${error instanceof Error ? error.message : String(error)}`);
  }

  return async () => {
    process.off('exit', stop);
    stop();
    delete process.env.KEYBRIDGE_TEST_DATABASE_URL;
  };
}
