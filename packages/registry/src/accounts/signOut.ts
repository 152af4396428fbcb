import type { Context } from 'koa';
import type { RegistryState } from '../app/RegistryState.js';
import { recordEvent } from '../events/recordEvent.js';
import { requestOrigin } from '../events/requestOrigin.js';
import { setSessionCookie } from './setSessionCookie.js';

type SignOutContext = Pick<Context, 'append' | 'ip' | 'get'> & { state: Pick<RegistryState, 'db' | 'config' | 'session' | 'user'> };

/** Deletes the request's session row (the cookie is worthless from now on, wherever it was copied), clears the cookie, records account.logout. */
export async function signOut(ctx: SignOutContext, via: 'api' | 'form'): Promise<void> {
  const { db, config, session, user } = ctx.state;
  if (session) {
    await db('sessions').where('id_hash', session.idHash).delete();
    await recordEvent(db, { kind: 'account.logout', userId: user?.id ?? session.userId, ...requestOrigin(ctx), details: { via } });
  }
  setSessionCookie(ctx, config, null);
  delete ctx.state.session;
  delete ctx.state.user;
}
