import type { Context } from 'koa';
import type { RegistryState } from '../app/RegistryState.js';
import { requestOrigin } from '../events/requestOrigin.js';
import { HttpError } from '../http/HttpError.js';
import { apiTokenPrefix } from '../tokens/apiToken.js';
import { authenticateApiToken, type VerifiedApiToken } from '../tokens/authenticateApiToken.js';
import type { AuthenticatedUser } from './AuthenticatedUser.js';
import { attemptPasswordLogin } from './attemptPasswordLogin.js';
import { loginRateLimitedError } from './loginRateLimitedError.js';
import { checkPasswordUploadPolicy } from './passwordUploadPolicy.js';

type BasicContext = Pick<Context, 'get' | 'ip'> & { state: Pick<RegistryState, 'db' | 'tokenReader' | 'now' | 'config'> };

/** Who an upload comes from: the user, and the API token it used (null for a password). */
export interface BasicCredentials {
  user: AuthenticatedUser;
  token: VerifiedApiToken | null;
}

/**
 * The user named by the request's HTTP Basic credentials (what twine sends). An API token (twine's convention: the
 * username `__token__`; any password that starts with `kbr-` is taken for a token too, so a token typed into the
 * password field never reaches argon2 or a login event) is checked by authenticateApiToken. A password is checked
 * under the same login rate limit and events as the login form, then against the registry's password-upload policy
 * (checkPasswordUploadPolicy). No credentials: 401 with a Basic challenge. Wrong ones: 403 with PyPI's wording
 * (twine shows the status line). Limited: 429 with Retry-After. Never uses the session cookie: uploads need no CSRF
 * token.
 */
export async function requireBasicUser(ctx: BasicContext): Promise<BasicCredentials> {
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
  const username = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (username === '__token__' || password.startsWith(apiTokenPrefix)) {
    const { db, tokenReader, config } = ctx.state;
    return authenticateApiToken(password, { db, tokenReader, now: ctx.state.now(), ...requestOrigin(ctx), publicUrl: config.publicUrl });
  }
  const { db, config } = ctx.state;
  const result = await attemptPasswordLogin(db, { username, password, ...requestOrigin(ctx), via: 'basic', now: ctx.state.now() });
  if (result.ok) {
    await checkPasswordUploadPolicy(db, { user: result.user, policy: config.uploadAuth, publicUrl: config.publicUrl, ...requestOrigin(ctx) });
    return { user: result.user, token: null };
  }
  if (result.reason === 'rate_limited') throw loginRateLimitedError(result.retryAfterSeconds);
  throw invalid;
}
