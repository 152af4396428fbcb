import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReadBufferReclaimer } from './ReadBufferReclaimer.js';
import { uploadReadBufferReclaimer } from './uploadReadBufferReclaimer.js';

/**
 * Reads and drops what is left of a request body the server has already refused, so that the client, which sends
 * its whole body before it reads the answer (twine, pip), still gets the answer on an open connection. Past
 * `capBytes` it stops reading and closes the connection once the answer is out: a refused 10 GB upload is not read.
 */
export function discardRequestBody(
  req: IncomingMessage,
  res: ServerResponse,
  capBytes: number,
  reclaimer: ReadBufferReclaimer = uploadReadBufferReclaimer(),
): void {
  if (req.readableEnded || req.destroyed) return;
  let discarded = 0;
  const closeAfterAnswer = () => {
    const socket = req.socket;
    if (res.writableFinished) socket.destroy();
    else res.once('finish', () => socket.destroy()).once('close', () => socket.destroy());
  };
  const onData = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > capBytes) {
      req.off('data', onData);
      req.pause();
      closeAfterAnswer();
    }
  };
  if (capBytes <= 0) {
    req.pause();
    closeAfterAnswer();
    return;
  }
  req.on('data', onData);
  // Dropped bytes are read into buffers too.
  reclaimer.watch(req);
  req.resume();
}
