import type { RegistryState } from '../app/RegistryState.js';
import { HttpError } from '../http/HttpError.js';
import type { AuthenticatedUser } from './AuthenticatedUser.js';

/** The signed-in user of the request, or a 401 (for routes that need a session; uploads use requireBasicUser). */
export function requireUser(ctx: { state: Pick<RegistryState, 'user'> }): AuthenticatedUser {
  if (!ctx.state.user) throw new HttpError(401, 'not_authenticated', 'Sign in first');
  return ctx.state.user;
}
