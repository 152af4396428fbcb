import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 free right now (bound, then released), for servers that must be told their port (pg_ctl,
 * nginx) rather than bind port 0: another process may take it before they bind, so callers retry or say so.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
