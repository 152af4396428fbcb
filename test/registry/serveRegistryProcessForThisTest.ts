import { onTestFinished } from 'vitest';
import { runRegistryProcess, type RegistryProcess } from './runRegistryProcess.js';
import type { FreshDatabase } from './testDatabases.js';

/**
 * `keybridge-registry serve` on a free port over `database`, killed (SIGKILL, unless it has exited) when the
 * current test finishes. `env` adds settings (e.g. KEYBRIDGE_TRUST_PROXY). Call it inside a test.
 */
export function serveRegistryProcessForThisTest(database: FreshDatabase, env: Record<string, string> = {}): RegistryProcess {
  const started = runRegistryProcess(['serve'], { ...env, KEYBRIDGE_PORT: '0', KEYBRIDGE_DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl });
  onTestFinished(async () => {
    started.kill();
    await started.exit;
  });
  return started;
}
