import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { RegistryConfig } from '../config/RegistryConfig.js';
import { discardRequestBody } from '../uploads/discardRequestBody.js';
import { discardCapBytes } from '../uploads/receiveUploadForm.js';

/** Uploads come to the legacy API: POST /legacy/ (and /legacy). */
function isUpload(req: IncomingMessage): boolean {
  return req.method === 'POST' && /^\/legacy\/?(\?|$)/.test(req.url ?? '');
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length.trim() !== '0');
}

/**
 * Slow and idle clients cannot hold the server's connections, file descriptors and temporary files:
 *
 * - headers must arrive within `headersTimeoutMs` (checked every quarter of it), and an idle keep-alive connection
 *   closes after `keepAliveTimeoutMs`;
 * - a request body that sends nothing for `bodyTimeoutMs` is dropped: the connection is destroyed, so the upload's
 *   stream fails and its temporary file is removed (the socket's inactivity timer applies until the body has been
 *   read to its end, then the server's usual timers take over; silence while the body waits in a full buffer for
 *   the server to read it is the server's, and does not count);
 * - beyond `maxConcurrentUploads` uploads in progress, an upload is answered 503 with Retry-After at once, and its
 *   body dropped unread (up to a cap, so that twine sees the answer).
 *
 * Applies the timeouts to `server` and wraps the request listener `next`.
 */
export function guardConnections(
  server: Server,
  config: Pick<RegistryConfig, 'headersTimeoutMs' | 'keepAliveTimeoutMs' | 'bodyTimeoutMs' | 'maxConcurrentUploads'>,
  next: RequestListener,
): RequestListener {
  // Uploads may be long: no overall request deadline (Node's default is 5 minutes), but no silence either.
  server.requestTimeout = 0;
  server.headersTimeout = config.headersTimeoutMs;
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  let uploads = 0;
  return (req: IncomingMessage, res: ServerResponse) => {
    if (isUpload(req)) {
      if (uploads >= config.maxConcurrentUploads) {
        const retryAfterSeconds = 5;
        const message = `Too many uploads in progress: try again in ${retryAfterSeconds} seconds`;
        res.statusCode = 503;
        res.statusMessage = message;
        res.setHeader('Retry-After', String(retryAfterSeconds));
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        // The client sends its whole body before it reads the answer (twine): drop the body (up to a cap) rather
        // than reset the connection under it.
        discardRequestBody(req, res, discardCapBytes);
        res.end(JSON.stringify({ error: { code: 'busy', message } }));
        return;
      }
      uploads++;
      res.once('close', () => uploads--);
    }
    if (hasBody(req)) {
      const socket = req.socket;
      socket.setTimeout(config.bodyTimeoutMs);
      // Node destroys a socket that times out unless the request or response listens for it: decide here.
      res.on('timeout', () => {
        // The whole body came, or it waits in a full buffer for the server to read it (say while the password is
        // checked): the silence is the server's, not the client's. Otherwise the client sent nothing: drop it.
        if (req.complete || req.readableLength >= req.readableHighWaterMark) return;
        socket.destroy();
      });
      req.once('end', () => {
        // The body is in: the server's own timers (keep-alive) take over once the answer is out.
        if (!socket.destroyed) socket.setTimeout(0);
      });
    }
    next(req, res);
  };
}
