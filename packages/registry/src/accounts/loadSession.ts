import type { Middleware } from 'koa';
import type { RegistryDeps, RegistryState } from '../app/RegistryState.js';
import { sessionCookieName } from './accountRules.js';
import { findSession } from './findSession.js';

const sessionIdShape = /^[A-Za-z0-9_-]{43}$/;

/**
 * Sets ctx.state.session from a valid session cookie, and ctx.state.user when it is fully signed in; a session that
 * still owes its second factor sets ctx.state.pendingUser instead, which only the second-factor step reads. Requests
 * without one pass as anonymous.
 */
export function loadSession(deps: Pick<RegistryDeps, 'db' | 'now'>): Middleware<RegistryState> {
  return async (ctx, next) => {
    const sessionId = ctx.cookies.get(sessionCookieName);
    // Only well-formed ids reach the database (anything else cannot be one we issued).
    if (sessionId !== undefined && sessionIdShape.test(sessionId)) {
      const found = await findSession(deps.db, sessionId, new Date(deps.now()));
      if (found) {
        ctx.state.session = found.session;
        if (found.session.secondFactorPending) ctx.state.pendingUser = found.user;
        else ctx.state.user = found.user;
      }
    }
    await next();
  };
}
