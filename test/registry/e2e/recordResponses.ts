import type { Server } from 'node:http';

/** One answered request, as the server sent it. */
export interface RecordedResponse {
  method: string;
  path: string;
  status: number;
  contentType: string | null;
  userAgent: string | null;
}

/**
 * Records every response the server sends (alongside the app's own handler), so that a test can tell which
 * requests a tool made, what it got, and that none of them was answered with a 5xx.
 */
export function recordResponses(server: Server): RecordedResponse[] {
  const responses: RecordedResponse[] = [];
  server.on('request', (request, response) => {
    response.once('finish', () => {
      const contentType = response.getHeader('content-type');
      responses.push({
        method: request.method ?? '',
        path: request.url ?? '',
        status: response.statusCode,
        contentType: typeof contentType === 'string' ? contentType : null,
        userAgent: request.headers['user-agent'] ?? null,
      });
    });
  });
  return responses;
}
