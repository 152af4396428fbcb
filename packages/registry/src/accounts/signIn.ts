import type { Context } from 'koa';
import type { RegistryState } from '../app/RegistryState.js';
import { requestOrigin } from '../events/requestOrigin.js';
import type { AuthenticatedUser } from './AuthenticatedUser.js';
import { createSession } from './createSession.js';
import { setSessionCookie } from './setSessionCookie.js';

type SignInContext = Pick<Context, 'append' | 'ip' | 'get'> & { state: Pick<RegistryState, 'db' | 'config' | 'session' | 'user' | 'pendingUser' | 'now'> };

/**
 * Starts a new session for `user` and sends its cookie: fully signed in, or (secondFactorPending) owing its second
 * factor. A session the request already had is deleted first, so an id planted before sign-in never becomes
 * authenticated (session fixation), and completing the second factor gets a new id too. Afterwards ctx.state holds
 * the new session, so csrfTokenFor(ctx) gives the token bound to it.
 */
export async function signIn(ctx: SignInContext, user: AuthenticatedUser, options: { secondFactorPending?: boolean } = {}): Promise<void> {
  const { db, config } = ctx.state;
  const now = new Date(ctx.state.now());
  if (ctx.state.session) await db('sessions').where('id_hash', ctx.state.session.idHash).delete();
  // Expired sessions are removed as new ones start: the table does not grow without bound.
  await db('sessions').where('expires_at', '<=', now).delete();
  const { sessionId, session } = await createSession(db, user.id, requestOrigin(ctx), now, options);
  // The cookie may outlive a half session: the server forgets the session after 5 minutes, whatever the cookie says.
  setSessionCookie(ctx, config, sessionId);
  ctx.state.session = session;
  delete ctx.state.user;
  delete ctx.state.pendingUser;
  if (session.secondFactorPending) ctx.state.pendingUser = user;
  else ctx.state.user = user;
}
