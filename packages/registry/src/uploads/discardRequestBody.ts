import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReadBufferReclaimer } from './ReadBufferReclaimer.js';
import { uploadReadBufferReclaimer } from './uploadReadBufferReclaimer.js';

/** How long a refused body past the cap is still drained after the answer, before the connection is cut. */
export const discardLingerMs = 10_000;

/**
 * Reads and drops what is left of a request body the server has already refused, so that the client, which sends
 * its whole body before it reads the answer (twine, pip), still gets the answer on an open connection. Past
 * `capBytes` the connection is closed once the answer is out, gently: the server half-closes it (its answer and a
 * FIN) and keeps draining what the client still sends for up to `lingerMs`, then cuts it. Cutting it at once, with
 * the client's bytes unread, makes the kernel reset the connection, and the client (twine) reports a
 * ConnectionResetError instead of the answer; a refused 10 GB upload is still not read for long.
 */
export function discardRequestBody(
  req: IncomingMessage,
  res: ServerResponse,
  capBytes: number,
  reclaimer: ReadBufferReclaimer = uploadReadBufferReclaimer(),
  lingerMs = discardLingerMs,
): void {
  if (req.readableEnded || req.destroyed) return;
  let discarded = 0;
  let closing = false;
  const closeAfterAnswer = () => {
    if (closing) return;
    closing = true;
    const socket = req.socket;
    const linger = () => {
      if (socket.destroyed) return;
      socket.end();
      const timer = setTimeout(() => socket.destroy(), lingerMs);
      timer.unref();
      socket.once('close', () => clearTimeout(timer));
      // The client sent all it had, and has the answer: nothing is left unread to reset the connection.
      if (req.readableEnded) socket.destroy();
      else req.once('end', () => socket.destroy());
    };
    if (res.writableFinished) linger();
    else res.once('finish', linger).once('close', () => (res.writableFinished ? undefined : socket.destroy()));
  };
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > capBytes) closeAfterAnswer();
  });
  if (capBytes <= 0) closeAfterAnswer();
  // Dropped bytes are read into buffers too.
  reclaimer.watch(req);
  req.resume();
}
