import { expect, onTestFinished } from 'vitest';
import { startTestRegistry } from './startTestRegistry.js';

/**
 * startTestRegistry, closed when the current test finishes, which then fails if the server logged an unexpected
 * error. Call it inside a test.
 */
export async function startRegistryForThisTest(...args: Parameters<typeof startTestRegistry>): ReturnType<typeof startTestRegistry> {
  const registry = await startTestRegistry(...args);
  onTestFinished(async () => {
    await registry.close();
    expect(registry.loggedErrors).toEqual([]);
  });
  return registry;
}
