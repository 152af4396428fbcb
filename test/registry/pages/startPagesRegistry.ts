import type { RegistryConfig } from '../../../packages/registry/src/config/RegistryConfig.js';
import { createDatabaseForThisTest } from '../createDatabaseForThisTest.js';
import { type Distribution } from '../distributions.js';
import { signUp, tokenTestPassword, type SignedInUser } from '../tokenAccounts.js';
import { basicAuth, postUpload, twineBody } from '../uploadRequests.js';
import { startRegistryForThisTest } from '../startRegistryForThisTest.js';
import { testDatabases } from '../testDatabases.js';

/**
 * A registry on a random port over a fresh SQLite file, closed (and checked for logged errors) when the test finishes;
 * with the clock `options.now` if given.
 */
export async function startPagesRegistry(overrides: Partial<RegistryConfig> = {}, options: { now?: () => number } = {}) {
  const sqlite = testDatabases.find((database) => database.kind === 'sqlite')!;
  const registry = await startRegistryForThisTest(await createDatabaseForThisTest(sqlite), overrides, options);
  return {
    registry,
    signUp: (username: string): Promise<SignedInUser> => signUp(registry.url, username),
    /** Uploads `distribution` as `user` (password), with twine's fields overridden by `fields`; fails unless accepted. */
    async upload(user: SignedInUser, distribution: Distribution, fields: Record<string, string | string[] | null> = {}): Promise<void> {
      const answer = await postUpload(registry.url, basicAuth(user.username, tokenTestPassword), twineBody(distribution, fields));
      if (answer.status !== 200) throw new Error(`upload of ${distribution.filename} answered ${answer.status} ${answer.statusText}`);
    },
  };
}
