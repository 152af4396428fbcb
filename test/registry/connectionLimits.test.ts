import { existsSync, readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RegistryConfig } from '../../packages/registry/src/config/RegistryConfig.js';
import { createDatabaseForThisTest } from './createDatabaseForThisTest.js';
import { wheelOf } from './distributions.js';
import { startRegistryForThisTest } from './startRegistryForThisTest.js';
import { basicAuth, postUpload, twineBody } from './uploadRequests.js';
import { testDatabases } from './testDatabases.js';
import { mintToken, signUp } from './tokenAccounts.js';

/** A raw TCP connection to the registry: what it received, and when (ms after opening) the server closed it. */
function rawConnection(url: string): { socket: Socket; received: () => string; closed: Promise<number> } {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const opened = Date.now();
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - opened)));
  return { socket, received: () => text, closed };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

describe.each(testDatabases)('connection limits on $kind', (testDatabase) => {
  const short: Partial<RegistryConfig> = { headersTimeoutMs: 400, keepAliveTimeoutMs: 300, bodyTimeoutMs: 700, maxConcurrentUploads: 3 };

  async function start(overrides: Partial<RegistryConfig> = {}) {
    const registry = await startRegistryForThisTest(await createDatabaseForThisTest(testDatabase), { ...short, ...overrides });
    // Uploads with an API token: no password hashing queue between the stalled bodies and their temporary files.
    const { token } = await mintToken(await signUp(registry.url, 'alice'), { name: 'ci' });
    const authorization = basicAuth('__token__', token);
    const temporaryFiles = () => {
      const directory = join(registry.config.storageDir, 'tmp');
      return existsSync(directory) ? readdirSync(directory) : [];
    };
    /** Sends an upload's head and all of its body but the last bytes, then nothing: a stalled upload. */
    const stalledUpload = (version: string) => {
      const form = twineBody(wheelOf('stalled', version));
      const connection = rawConnection(registry.url);
      connection.socket.write(
        `POST /legacy/ HTTP/1.1\r\nHost: registry\r\nAuthorization: ${authorization}\r\nContent-Type: ${form.contentType}\r\nContent-Length: ${form.body.length}\r\n\r\n`,
      );
      connection.socket.write(form.body.subarray(0, form.body.length - 20));
      return connection;
    };
    return { registry, temporaryFiles, stalledUpload, authorization };
  }

  it('closes connections that send no headers, and idle keep-alive connections', async () => {
    const { registry } = await start();
    const silent = rawConnection(registry.url);
    const partial = rawConnection(registry.url);
    partial.socket.write('GET /simple/ HTTP/1.1\r\nHost: registry\r\n');
    const idle = rawConnection(registry.url);
    idle.socket.write('GET /simple/ HTTP/1.1\r\nHost: registry\r\n\r\n');
    const closedAfter = await Promise.all([silent.closed, partial.closed, idle.closed]);
    expect(idle.received()).toMatch(/^HTTP\/1\.1 200 /);
    // headers: 400 ms (checked every 100 ms); keep-alive: 300 ms after the answer. Node's defaults were 60 s and 5 s.
    for (const ms of closedAfter) expect(ms).toBeLessThan(2_000);
    expect(partial.received()).toMatch(/^(HTTP\/1\.1 408 Request Timeout\r\n|$)/);
  }, 20_000);

  it('drops uploads whose body stalls, and removes their temporary files', async () => {
    const { registry, temporaryFiles, stalledUpload } = await start({ maxConcurrentUploads: 100, bodyTimeoutMs: 1_500 });
    const stalled = Array.from({ length: 10 }, (_, index) => stalledUpload(`1.0.${index}`));
    // The server has the files' bytes in temporary files...
    expect(await waitFor(() => temporaryFiles().length === 10, 5_000)).toBe(true);
    // ... until the bodies have sent nothing for 1.5 s; and an anonymous one, answered 401 while its body is
    // drained, is dropped as well.
    const early = rawConnection(registry.url);
    early.socket.write(`POST /legacy/ HTTP/1.1\r\nHost: registry\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 1000\r\n\r\n--x\r\n`);
    const closedAfter = await Promise.all([...stalled, early].map((connection) => connection.closed));
    for (const ms of closedAfter) expect(ms).toBeLessThan(6_000);
    expect(early.received()).toMatch(/^HTTP\/1\.1 401 /);
    expect(await waitFor(() => temporaryFiles().length === 0, 2_000)).toBe(true);
    expect(Number(((await registry.db('files').count({ n: '*' })) as Array<{ n: unknown }>)[0]!.n)).toBe(0);
    // The registry still serves everyone, and the cap counts none of them any more.
    expect((await fetch(`${registry.url}/simple/`)).status).toBe(200);
  }, 30_000);

  it('answers 503 with Retry-After beyond the cap on concurrent uploads, and takes uploads again once they end', async () => {
    const { registry, temporaryFiles, stalledUpload, authorization } = await start({ bodyTimeoutMs: 1_500 });
    const stalled = Array.from({ length: 3 }, (_, index) => stalledUpload(`1.0.${index}`));
    expect(await waitFor(() => temporaryFiles().length === 3, 5_000)).toBe(true);
    const refused = await postUpload(registry.url, authorization, twineBody(wheelOf('capped', '1.0')));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.statusText).toBe('Too many uploads in progress: try again in 5 seconds');
    expect(JSON.parse(refused.body)).toEqual({ error: { code: 'busy', message: refused.statusText } });
    // Downloads and pages are not capped.
    expect((await fetch(`${registry.url}/simple/`)).status).toBe(200);
    await Promise.all(stalled.map((connection) => connection.closed));
    const accepted = await postUpload(registry.url, authorization, twineBody(wheelOf('capped', '1.0')));
    expect(accepted.status, accepted.statusText).toBe(200);
  }, 30_000);
});
