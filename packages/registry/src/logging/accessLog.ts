import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Middleware } from 'koa';
import type { RegistryState } from '../app/RegistryState.js';

/** An incoming X-Request-Id taken as ours (from a trusted proxy): short, and nothing that could forge a log field. */
const requestIdShape = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The outermost middleware: names the request (ctx.state.requestId: the proxy's X-Request-Id when the proxy is
 * trusted and the id is well formed, else a new UUID; errorHandler sends it back) and writes one access-log line when
 * the response is finished or the connection closed: method, route (the router's pattern, not the path, so no name
 * or query in it; null when no route matched), status, duration in ms, request id, user id if signed in. Never a
 * header value, a body, a token or a password.
 */
export function accessLog(logger: Logger, options: { trustProxy: boolean }): Middleware<RegistryState> {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const incoming = options.trustProxy ? ctx.get('X-Request-Id') : '';
    ctx.state.requestId = requestIdShape.test(incoming) ? incoming : randomUUID();
    ctx.res.once('close', () => {
      const matched = (ctx as unknown as { _matchedRoute?: unknown })._matchedRoute;
      const userId = ctx.state.user?.id ?? ctx.state.pendingUser?.id ?? null;
      logger.info(
        {
          kind: 'access',
          requestId: ctx.state.requestId,
          method: ctx.method,
          route: typeof matched === 'string' ? matched : null,
          status: ctx.res.statusCode,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
          userId,
          ...(ctx.res.writableFinished ? {} : { aborted: true }),
        },
        'request',
      );
    });
    await next();
  };
}
