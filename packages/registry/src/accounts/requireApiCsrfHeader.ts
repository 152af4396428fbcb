import type { Middleware } from 'koa';
import type { RegistryDeps, RegistryState } from '../app/RegistryState.js';
import { csrfHeaderName } from './accountRules.js';
import { verifyCsrfToken } from './csrfToken.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A changing /api/ call made with a session cookie must also carry the session's CSRF token in X-CSRF-Token (given
 * by sign-in, sign-up and GET /api/v1/me): the cookie alone, which a browser attaches to cross-site requests, is not
 * enough. Calls without a session have no ambient authority to abuse.
 */
export function requireApiCsrfHeader(_deps: RegistryDeps): Middleware<RegistryState> {
  return async (ctx, next) => {
    if (ctx.state.session && !safeMethods.has(ctx.method) && (ctx.path === '/api' || ctx.path.startsWith('/api/'))) {
      verifyCsrfToken(ctx, ctx.get(csrfHeaderName) || undefined);
    }
    await next();
  };
}
