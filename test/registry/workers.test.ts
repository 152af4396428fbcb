/*
 * `keybridge-registry serve --workers 2` (issue 15): two worker processes (node:cluster) on one port, both serving;
 * a worker killed with SIGKILL is replaced and the registry keeps answering; SIGTERM to the primary stops them all.
 * Which process answered a request is read from the access log (its line carries the pid and the request's X-Request-Id).
 */
import { get as httpGet } from 'node:http';
import { expect, it, onTestFinished } from 'vitest';
import { isProcessAlive } from '../../packages/registry/src/storage/isProcessAlive.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { runRegistryProcess, type RegistryProcess } from './runRegistryProcess.js';
import { testDatabases } from './testDatabases.js';

/** GET /healthz on a connection of its own (the cluster hands out connections, not requests); the answering pid. */
async function answeringPid(registry: RegistryProcess, url: string): Promise<number> {
  const { status, requestId } = await new Promise<{ status: number | undefined; requestId: string }>((resolve, reject) => {
    httpGet(`${url}/healthz`, { agent: false }, (response) => {
      response.resume();
      response.once('end', () => resolve({ status: response.statusCode, requestId: String(response.headers['x-request-id']) }));
    }).once('error', reject);
  });
  expect(status).toBe(200);
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  // The access log is buffered: its lines come out within a second.
  return until(() => {
    const line = registry.stdout().split('\n').find((candidate) => candidate.includes(requestId));
    return line === undefined ? undefined : (JSON.parse(line) as { pid: number }).pid;
  });
}

async function until<T>(value: () => T | undefined): Promise<T> {
  for (const deadline = Date.now() + 20_000; ; await new Promise((resolve) => setTimeout(resolve, 20))) {
    const found = value();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('not within 20 s');
  }
}

it('serves from two workers on one port, replaces a killed worker, and stops them all on SIGTERM', async () => {
  const database = await createDatabaseForThisTest(testDatabases[0]!);
  const registry = runRegistryProcess(['serve', '--workers', '2'], { KEYBRIDGE_PORT: '0', KEYBRIDGE_DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl });
  const workers = new Set<number>();
  onTestFinished(async () => {
    for (const pid of workers) if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
    registry.kill();
    await registry.exit;
  });
  const url = await registry.listening();

  // Round robin over new connections: both workers answer within a few requests.
  for (let requests = 0; workers.size < 2 && requests < 40; requests++) workers.add(await answeringPid(registry, url));
  expect(workers.size).toBe(2);
  expect([...workers]).not.toContain(registry.child.pid);

  const [killed, survivor] = [...workers] as [number, number];
  process.kill(killed, 'SIGKILL');
  await until(() => (registry.stdout().includes(`worker ${killed} exited (SIGKILL); starting another`) ? true : undefined));
  const answeredBy = new Set<number>();
  for (let requests = 0; answeredBy.size < 2 && requests < 40; requests++) answeredBy.add(await answeringPid(registry, url));
  expect(answeredBy.has(survivor)).toBe(true);
  expect(answeredBy.has(killed)).toBe(false);
  const replacement = [...answeredBy].find((pid) => pid !== survivor)!;
  expect(replacement).toBeDefined();
  workers.add(replacement);

  registry.child.kill('SIGTERM');
  expect(await registry.exit).toEqual({ code: 0, signal: null });
  for (const pid of [survivor, replacement]) await until(() => (isProcessAlive(pid) ? undefined : true));
  expect(registry.stderr()).toBe('');
  expect(registry.stdout().match(/listening on/g)).toHaveLength(1);
}, 60_000);
