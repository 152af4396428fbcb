import type { Context } from 'koa';
import type { RegistryState } from '../app/RegistryState.js';
import { requestOrigin } from '../events/requestOrigin.js';
import { HttpError } from '../http/HttpError.js';
import type { AuthenticatedUser } from './AuthenticatedUser.js';
import { attemptPasswordLogin } from './attemptPasswordLogin.js';

type BasicContext = Pick<Context, 'get' | 'ip'> & { state: Pick<RegistryState, 'db'> };

/**
 * The user named by the request's HTTP Basic credentials (what twine sends), under the same login rate limit and
 * events as the login form. No credentials: 401 with a Basic challenge. Wrong ones: 403 with PyPI's wording (twine
 * shows the status line). Limited: 429 with Retry-After. Never uses the session cookie: uploads need no CSRF token.
 */
export async function requireBasicUser(ctx: BasicContext): Promise<AuthenticatedUser> {
  const header = ctx.get('authorization');
  const match = /^Basic[ ]+([A-Za-z0-9+/=]+)[ ]*$/i.exec(header);
  if (!match) {
    throw new HttpError(401, 'not_authenticated', 'Authentication required: send a username and password (HTTP Basic)', {
      'WWW-Authenticate': 'Basic realm="keybridge", charset="UTF-8"',
    });
  }
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const invalid = new HttpError(403, 'invalid_credentials', 'Invalid or non-existent authentication information.');
  if (colon < 0) throw invalid;
  const result = await attemptPasswordLogin(ctx.state.db, {
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1),
    ...requestOrigin(ctx),
    via: 'basic',
  });
  if (result.ok) return result.user;
  if (result.reason === 'rate_limited') {
    throw new HttpError(429, 'rate_limited', `Too many failed logins: try again in ${result.retryAfterSeconds} seconds`, {
      'Retry-After': String(result.retryAfterSeconds),
    });
  }
  throw invalid;
}
