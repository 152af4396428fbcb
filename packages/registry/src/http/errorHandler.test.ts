import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegistryState } from '../app/RegistryState.js';
import { errorHandler, type ErrorPage } from './errorHandler.js';
import { HttpError } from './HttpError.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function serve(handler: Koa.Middleware<RegistryState>, logged: string[], errorPage?: ErrorPage): Promise<string> {
  const app = new Koa<RegistryState>();
  app.silent = true;
  app.use(errorHandler({ log: (line) => logged.push(line), ...(errorPage ? { errorPage } : {}) }));
  app.use(handler);
  const server = createServer(app.callback());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('errorHandler', () => {
  it('answers an HttpError in plain text with the message in the status line, its headers, and no leftover headers', async () => {
    const logged: string[] = [];
    const url = await serve(async (ctx) => {
      ctx.set('ETag', '"abc"');
      ctx.set('X-Content-Type-Options', 'nosniff');
      throw new HttpError(400, 'file_exists', "File already exists ('a-1.0.tar.gz').\nSee help", { 'Retry-After': '5' });
    }, logged);
    const response = await fetch(`${url}/legacy/`);
    expect(response.status).toBe(400);
    expect(response.statusText).toBe("File already exists ('a-1.0.tar.gz'). See help");
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('etag')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.text()).toBe("File already exists ('a-1.0.tar.gz').\nSee help\n");
    expect(logged).toEqual([]);
  });

  it('answers JSON under /api/, including a 404 for an unknown path', async () => {
    const url = await serve(async (ctx) => {
      if (ctx.path === '/api/v1/thing') throw new HttpError(409, 'username_taken', 'taken');
    }, []);
    const conflict = await fetch(`${url}/api/v1/thing`);
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toEqual({ error: { code: 'username_taken', message: 'taken' } });
    const missing = await fetch(`${url}/api/v1/none`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'Not Found' } });
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
  });

  it('passes on the 4xx of errors Koa raises itself', async () => {
    const url = await serve(async (ctx) => ctx.throw(422, 'Unprocessable thing'), []);
    const response = await fetch(`${url}/x`);
    expect(response.status).toBe(422);
    expect(response.statusText).toBe('Unprocessable thing');
  });

  it('answers an unexpected error with a 500 naming the request id, logged with the stack but without the query', async () => {
    const logged: string[] = [];
    const url = await serve(async () => {
      throw new TypeError('boom');
    }, logged);
    const response = await fetch(`${url}/api/v1/x?token=secret-value`);
    expect(response.status).toBe(500);
    const requestId = response.headers.get('x-request-id')!;
    expect(await response.json()).toEqual({ error: { code: 'internal_error', message: `Internal server error (request id ${requestId})`, requestId } });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`request ${requestId} GET /api/v1/x failed: TypeError: boom`);
    expect(logged[0]).not.toContain('secret-value');
  });

  it('answers a database busy past its timeout with 503 and Retry-After (twine shows the status line), and logs it', async () => {
    const logged: string[] = [];
    const url = await serve(async () => {
      throw Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY', errno: 5 });
    }, logged);
    const response = await fetch(`${url}/legacy/`, { method: 'POST' });
    expect(response.status).toBe(503);
    expect(response.statusText).toBe('The database is busy; try again in a moment.');
    expect(response.headers.get('retry-after')).toBe('1');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('SQLITE_BUSY');
  });

  it('answers with the error page where it is wanted (also Koa\'s bare 404), the status line kept; plain text when the page fails', async () => {
    const logged: string[] = [];
    let failing = false;
    const errorPage: ErrorPage = {
      wanted: (ctx) => ctx.get('Accept').includes('text/html'),
      render: (ctx, answer) => {
        if (failing) throw new Error('template broke');
        ctx.status = answer.status;
        ctx.type = 'text/html; charset=utf-8';
        ctx.body = `<p>${answer.status}</p>`;
      },
    };
    const url = await serve(async (ctx) => {
      if (ctx.path === '/refused') throw new HttpError(403, 'csrf_failed', 'No token');
    }, logged, errorPage);
    const html = { accept: 'text/html,application/xhtml+xml' };
    const refused = await fetch(`${url}/refused`, { headers: html });
    expect([refused.status, refused.statusText, refused.headers.get('content-type'), await refused.text()]).toEqual([403, 'No token', 'text/html; charset=utf-8', '<p>403</p>']);
    const missing = await fetch(`${url}/nowhere`, { headers: html });
    expect([missing.status, await missing.text()]).toEqual([404, '<p>404</p>']);
    expect(await (await fetch(`${url}/refused`)).text()).toBe('No token\n');
    expect(await (await fetch(`${url}/api/v1/refused`, { headers: html })).json()).toEqual({ error: { code: 'not_found', message: 'Not Found' } });
    failing = true;
    const fallback = await fetch(`${url}/refused`, { headers: html });
    expect([fallback.status, fallback.headers.get('content-type'), await fallback.text()]).toEqual([403, 'text/plain; charset=utf-8', 'No token\n']);
    expect(logged).toEqual([expect.stringContaining('the error page failed: Error: template broke')]);
  });
});
