import Router from '@koa/router';
import Koa, { type Middleware } from 'koa';
import type { Logger } from 'pino';
import { loadSession } from '../accounts/loadSession.js';
import { requireApiCsrfHeader } from '../accounts/requireApiCsrfHeader.js';
import { errorHandler, type ErrorHandlerOptions } from '../http/errorHandler.js';
import { forwardedHttpsConfig } from '../http/forwardedHttpsConfig.js';
import { securityHeaders } from '../http/securityHeaders.js';
import { accessLog } from '../logging/accessLog.js';
import { errorPage } from '../pages/errorPage.js';
import { serveStaticFiles } from '../pages/serveStaticFiles.js';
import type { RegistryDeps, RegistryState } from './RegistryState.js';
import { routers } from './routers.js';

export interface CreateAppOptions {
  /** Where unexpected errors are logged (default stderr). */
  log?: ErrorHandlerOptions['log'];
  /** The access log: one line per request (and unexpected errors when `log` is not given). Default none. */
  logger?: Logger;
}

/** The Koa application: every middleware and router, in the one order they run. */
export function createApp(deps: RegistryDeps, options: CreateAppOptions = {}): Koa<RegistryState> {
  // Behind a proxy, ctx.ip is the last X-Forwarded-For entry: the one our proxy added, not one the client made up
  // (the per-IP login limit depends on it).
  const app = new Koa<RegistryState>({ proxy: deps.config.trustProxy, maxIpsCount: 1 });
  // Errors are answered and logged by errorHandler; Koa's own logger would print them again.
  app.silent = true;

  // One root router holding every feature's routes, so that 405 Method Not Allowed (with Allow) knows all of them.
  const root = new Router<RegistryState>();
  for (const createRouter of routers) root.use(createRouter(deps).routes());

  const logger = options.logger;
  const errorLog = options.log ?? (logger ? (line: string) => logger.error({ kind: 'error' }, line) : undefined);
  const middleware: Middleware<RegistryState>[] = [
    ...(options.logger ? [accessLog(options.logger, { trustProxy: deps.config.trustProxy })] : []),
    errorHandler({ ...(errorLog ? { log: errorLog } : {}), databaseAvailability: deps.databaseAvailability, errorPage: errorPage() }),
    async (ctx, next) => {
      Object.assign(ctx.state, deps);
      // A request that came over https through a trusted proxy: Secure cookies and https URLs (see forwardedHttpsConfig).
      const forwarded = forwardedHttpsConfig(deps.config, ctx);
      if (forwarded) ctx.state.config = forwarded;
      await next();
    },
    securityHeaders(deps.config),
    // Before the session: assets need no database query.
    serveStaticFiles(),
    loadSession(deps),
    requireApiCsrfHeader(deps),
    root.routes() as Middleware<RegistryState>,
    root.allowedMethods({ throw: true }) as Middleware<RegistryState>,
  ];
  for (const step of middleware) app.use(step);
  return app;
}
