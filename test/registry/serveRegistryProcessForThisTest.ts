import { onTestFinished } from 'vitest';
import { runRegistryProcess, type RegistryProcess } from './runRegistryProcess.js';
import type { FreshDatabase } from './testDatabases.js';

/**
 * `keybridge-registry serve` on a free port over `database`, killed (SIGKILL, unless it has exited) when the
 * current test finishes. Call it inside a test.
 */
export function serveRegistryProcessForThisTest(database: FreshDatabase): RegistryProcess {
  const started = runRegistryProcess(['serve'], { KEYBRIDGE_PORT: '0', KEYBRIDGE_DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl });
  onTestFinished(async () => {
    started.kill();
    await started.exit;
  });
  return started;
}
