import { loadRegistryConfig } from '../../packages/registry/src/config/loadRegistryConfig.js';
import type { RegistryConfig } from '../../packages/registry/src/config/RegistryConfig.js';
import { startRegistry, type RunningRegistry } from '../../packages/registry/src/server/startRegistry.js';
import type { FreshDatabase } from './testDatabases.js';

/**
 * A registry on 127.0.0.1 and a free port over `database` (migrated), configured from nothing but `overrides`
 * (the test's environment is ignored), with the clock `options.now` if given. `loggedErrors` collects what the server logged as unexpected errors (tests expect none). Close it in afterEach.
 */
export async function startTestRegistry(
  database: FreshDatabase,
  overrides: Partial<RegistryConfig> = {},
  options: { now?: () => number } = {},
): Promise<RunningRegistry & { loggedErrors: string[] }> {
  const config = loadRegistryConfig({
    env: {},
    overrides: { host: '127.0.0.1', port: 0, dataDir: database.dataDir, databaseUrl: database.databaseUrl, ...overrides },
  });
  const errors: string[] = [];
  const registry = await startRegistry({ config, log: (line) => errors.push(line), ...options });
  return Object.assign(registry, { loggedErrors: errors });
}
