import { loadRegistryConfig } from '../../packages/registry/src/config/loadRegistryConfig.js';
import type { RegistryConfig } from '../../packages/registry/src/config/RegistryConfig.js';
import { createRegistryLogger } from '../../packages/registry/src/logging/createRegistryLogger.js';
import { startRegistry, type RunningRegistry, type StartRegistryOptions } from '../../packages/registry/src/server/startRegistry.js';
import type { FreshDatabase } from './testDatabases.js';

/**
 * A registry on 127.0.0.1 and a free port over `database` (migrated), configured from nothing but `overrides`
 * (the test's environment is ignored), with the clock `options.now` and the storage `options.storage` if given. `loggedErrors` collects what the server logged as unexpected errors (tests expect none); `logLines` the JSON lines of its structured log (access log). Close it in afterEach.
 */
export async function startTestRegistry(
  database: FreshDatabase,
  overrides: Partial<RegistryConfig> = {},
  options: Pick<StartRegistryOptions, 'now' | 'storage'> = {},
): Promise<RunningRegistry & { loggedErrors: string[]; logLines: string[] }> {
  const config = loadRegistryConfig({
    env: {},
    overrides: { host: '127.0.0.1', port: 0, dataDir: database.dataDir, databaseUrl: database.databaseUrl, ...overrides },
  });
  const errors: string[] = [];
  // The structured log (access lines), kept here rather than on the test's standard output.
  const logLines: string[] = [];
  const logger = createRegistryLogger({ destination: { write: (line: string) => void logLines.push(line) } });
  const registry = await startRegistry({ config, log: (line) => errors.push(line), logger, ...options });
  return Object.assign(registry, { loggedErrors: errors, logLines });
}
