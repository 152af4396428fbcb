import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A reverse proxy on 127.0.0.1 in front of `target` that replaces the Accept header of Simple API requests with
 * `accept`. pip 23.0 (Debian 12's) asks for JSON first and reads PEP 658 metadata only from HTML (its JSON reading
 * predates PEP 714 and fails on `dist-info-metadata`, which is why the registry's JSON carries only `core-metadata`);
 * through this proxy it gets HTML, the way it does from an index that serves only PEP 503.
 */
export async function startAcceptRewritingProxy(target: string, accept: string): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server = createServer((incoming, outgoing) => {
    const headers = { ...incoming.headers, host: upstream.host };
    if ((incoming.url ?? '').startsWith('/simple/')) headers.accept = accept;
    const proxied = forward({ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers);
      answer.pipe(outgoing);
    });
    proxied.once('error', () => outgoing.destroy());
    incoming.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
