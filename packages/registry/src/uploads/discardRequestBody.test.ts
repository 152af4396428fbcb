import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { discardRequestBody } from './discardRequestBody.js';
import { ReadBufferReclaimer } from './ReadBufferReclaimer.js';

describe('discardRequestBody', () => {
  it('reads the body to the end, feeding it to the read buffer reclaimer, so that the answer gets out', async () => {
    let collections = 0;
    const reclaimer = new ReadBufferReclaimer({ everyBytes: 64 * 1024, collect: () => collections++ });
    const server = createServer((req, res) => {
      res.statusCode = 403;
      discardRequestBody(req, res, 64 * 1024 * 1024, reclaimer);
      req.once('end', () => res.end('refused\n'));
    });
    try {
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: Buffer.alloc(1024 * 1024) });
      expect({ status: response.status, text: await response.text() }).toEqual({ status: 403, text: 'refused\n' });
      // 1 MiB in chunks of up to 64 KiB: a collection after each full 64 KiB counted.
      expect(collections).toBeGreaterThanOrEqual(8);
      expect(collections).toBeLessThanOrEqual(16);
    } finally {
      server.close();
    }
  });
});
