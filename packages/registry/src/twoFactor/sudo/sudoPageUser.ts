import type { AuthenticatedUser } from '../../accounts/AuthenticatedUser.js';
import type { RegistryContext } from '../../app/RegistryState.js';
import { HttpError } from '../../http/HttpError.js';
import { requireSudo } from './requireSudo.js';

/** The confirm-password page, which comes back to `next` (a path of this site) once sudo mode is on. */
export function confirmPasswordUrl(next: string): string {
  return `/account/confirm-password/?next=${encodeURIComponent(next)}`;
}

/**
 * For a page's changing action, as requireSudo guards the JSON API's: the signed-in user in sudo mode; otherwise
 * null, after answering 303 to the login page (not signed in) or to the confirm-password page, which returns to
 * `returnTo` (the page the action was on).
 */
export function sudoPageUser(ctx: RegistryContext, returnTo: string): AuthenticatedUser | null {
  if (!ctx.state.user) return seeOther(ctx, '/account/login');
  try {
    return requireSudo(ctx);
  } catch (error) {
    if (!(error instanceof HttpError) || error.code !== 'sudo_required') throw error;
    return seeOther(ctx, confirmPasswordUrl(returnTo));
  }
}

function seeOther(ctx: RegistryContext, path: string): null {
  ctx.status = 303;
  ctx.redirect(path);
  return null;
}
