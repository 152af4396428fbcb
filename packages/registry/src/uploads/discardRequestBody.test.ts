import { once } from 'node:events';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
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

  it('past the cap, answers and half-closes, draining what the client still sends, so the client reads the answer', async () => {
    const server = createServer((req, res) => {
      res.statusCode = 413;
      discardRequestBody(req, res, 1024 * 1024, undefined, 5_000);
      res.end('too large\n');
    });
    try {
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const { port } = server.address() as AddressInfo;
      for (let run = 0; run < 3; run++) {
        // A client that sends its whole body (32 MiB) before it reads, as twine does.
        const body = Buffer.alloc(32 * 1024 * 1024);
        const socket = connect(port, '127.0.0.1');
        let received = '';
        let error: Error | null = null;
        socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
        socket.on('error', (failure) => (error = failure));
        socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n`);
        socket.write(body);
        await once(socket, 'close');
        expect(error).toBe(null);
        expect(received).toMatch(/^HTTP\/1\.1 413 [^]*too large\n$/);
      }
    } finally {
      server.close();
    }
  });
});
