import type { Context } from 'koa';
import type { RegistryState } from '../app/RegistryState.js';
import { requestOrigin } from '../events/requestOrigin.js';
import type { AuthenticatedUser } from './AuthenticatedUser.js';
import { createSession } from './createSession.js';
import { setSessionCookie } from './setSessionCookie.js';

type SignInContext = Pick<Context, 'append' | 'ip' | 'get'> & { state: Pick<RegistryState, 'db' | 'config' | 'session' | 'user'> };

/**
 * Starts a new session for `user` and sends its cookie. A session the request already had is deleted first, so an
 * id planted before sign-in never becomes authenticated (session fixation). Afterwards ctx.state holds the new
 * session, so csrfTokenFor(ctx) gives the token bound to it.
 */
export async function signIn(ctx: SignInContext, user: AuthenticatedUser): Promise<void> {
  const { db, config } = ctx.state;
  if (ctx.state.session) await db('sessions').where('id_hash', ctx.state.session.idHash).delete();
  // Expired sessions are removed as new ones start: the table does not grow without bound.
  await db('sessions').where('expires_at', '<=', new Date()).delete();
  const { sessionId, session } = await createSession(db, user.id, requestOrigin(ctx));
  setSessionCookie(ctx, config, sessionId);
  ctx.state.session = session;
  ctx.state.user = user;
}
