import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { securityHeaders } from './securityHeaders.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function headersFor(publicUrl: string): Promise<Headers> {
  const app = new Koa();
  app.use(securityHeaders({ publicUrl }));
  app.use((ctx) => {
    ctx.body = 'ok';
  });
  const server = createServer(app.callback());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)).headers;
}

describe('securityHeaders', () => {
  it('keeps what the registry always sent: nosniff, no framing, same-origin referrers', async () => {
    const headers = await headersFor('http://localhost:8080');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('referrer-policy')).toBe('same-origin');
  });

  it('sends a Content-Security-Policy without inline script or style, plugins, <base> or framing', async () => {
    const policy = (await headersFor('http://localhost:8080')).get('content-security-policy')!;
    const directives = Object.fromEntries(policy.split(';').map((directive) => directive.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives).toMatchObject({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    });
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toContain('upgrade-insecure-requests');
  });

  it('sends HSTS only when the public URL is https', async () => {
    expect((await headersFor('http://localhost:8080')).get('strict-transport-security')).toBeNull();
    expect((await headersFor('https://pypi.example')).get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });
});
