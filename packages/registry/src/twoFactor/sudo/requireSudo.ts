import { sudoLifetimeMs } from '../../accounts/accountRules.js';
import type { AuthenticatedUser } from '../../accounts/AuthenticatedUser.js';
import { requireUser } from '../../accounts/requireUser.js';
import type { RegistryState } from '../../app/RegistryState.js';
import { HttpError } from '../../http/HttpError.js';

/**
 * The signed-in user, if their password (and second factor, if any) were given within the last 30 minutes: signing in
 * counts, and so does POST /api/v1/sudo. Otherwise 403 with the machine-readable code `sudo_required`, which the
 * pages and the CLI answer by asking for the password (and second factor) and retrying.
 */
export function requireSudo(ctx: { state: Pick<RegistryState, 'user' | 'session' | 'now'> }): AuthenticatedUser {
  const user = requireUser(ctx);
  if (!inSudoMode(ctx.state)) {
    throw new HttpError(403, 'sudo_required', 'Confirm your password (and second factor) first: POST /api/v1/sudo; it lasts 30 minutes');
  }
  return user;
}

/** Whether the request's session confirmed the password (and second factor) within sudoLifetimeMs. */
export function inSudoMode(state: Pick<RegistryState, 'session' | 'now'>): boolean {
  const confirmedAt = state.session?.confirmedAt;
  return Boolean(confirmedAt) && state.now() - confirmedAt!.getTime() <= sudoLifetimeMs;
}
