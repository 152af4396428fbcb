import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { createUser } from '../../packages/registry/src/accounts/createUser.js';
import { createDatabaseForThisTest } from '../registry/createDatabaseForThisTest.js';
import { startRegistryForThisTest } from '../registry/startRegistryForThisTest.js';
import { testDatabases } from '../registry/testDatabases.js';
import { runCli, type CliOptions, type CliRun } from './runCli.js';

export const accountPassword = 'Passw0rd$for#cli';

/**
 * A registry on SQLite whose clock runs `clock.offsetMs` ahead of the real one (the test moves it; it starts at 0, since
 * the CLI keeps its session and token lifetimes by its own clock), with the account alice (accountPassword), and a home directory for the CLI
 * (HOME and XDG_CONFIG_HOME under it). `keybridge()` runs the CLI with that home and KEYBRIDGE_REGISTRY set to the
 * registry's public URL (http://localhost:PORT: the security keys' RP ID is its host). Closed when the test ends.
 */
export async function startCliRegistry() {
  const clock = { offsetMs: 0, now: (): number => Date.now() + clock.offsetMs };
  const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabases[0]!), {}, { now: () => clock.now() });
  await createUser(registry.db, { username: 'alice', password: accountPassword });
  const home = await mkdtemp(join(tmpdir(), 'keybridge-cli-home-'));
  onTestFinished(() => rm(home, { recursive: true, force: true }));
  const publicUrl = registry.config.publicUrl;
  const baseEnv = { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), KEYBRIDGE_REGISTRY: publicUrl };
  const keybridge = (args: readonly string[], options: CliOptions = {}): Promise<CliRun> => runCli(args, { ...options, env: { ...baseEnv, ...options.env } });
  return { registry, clock, home, publicUrl, sessionsFile: join(home, 'config', 'keybridge', 'sessions.json'), keybridge };
}

/** A failed run's error: the last line of stderr, the only one that starts "keybridge:" (progress notes may come before it). */
export function failureLine(run: CliRun): string {
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  if (lines.filter((line) => line.startsWith('keybridge:')).length !== 1 || !lines[lines.length - 1]!.startsWith('keybridge:')) {
    throw new Error(`expected one error line, last on stderr; got:\n${run.stderr}`);
  }
  return lines[lines.length - 1]!;
}
