import type { Middleware } from 'koa';
import type { RegistryDeps, RegistryState } from '../app/RegistryState.js';
import { sessionCookieName } from './accountRules.js';
import { findSession } from './findSession.js';

const sessionIdShape = /^[A-Za-z0-9_-]{43}$/;

/** Sets ctx.state.user and ctx.state.session from a valid session cookie; requests without one pass as anonymous. */
export function loadSession(deps: Pick<RegistryDeps, 'db'>): Middleware<RegistryState> {
  return async (ctx, next) => {
    const sessionId = ctx.cookies.get(sessionCookieName);
    // Only well-formed ids reach the database (anything else cannot be one we issued).
    if (sessionId !== undefined && sessionIdShape.test(sessionId)) {
      const found = await findSession(deps.db, sessionId);
      if (found) {
        ctx.state.session = found.session;
        ctx.state.user = found.user;
      }
    }
    await next();
  };
}
