import type { AuthenticatedUser } from '../../accounts/AuthenticatedUser.js';
import type { RegistryContext } from '../../app/RegistryState.js';
import { inSudoMode } from './requireSudo.js';

/** The confirm-password page (GET shows it; its POST returns to `next`). */
export const confirmPasswordPath = '/account/confirm-password/';

/** The confirm-password page that comes back to `next` (a path of this site) once sudo mode is on. */
export function confirmPasswordUrl(next: string): string {
  return `${confirmPasswordPath}?next=${encodeURIComponent(next)}`;
}

/**
 * The pages' sudo check. Answers the signed-in user when the session is in sudo mode (password, and second factor
 * if any, given within 30 minutes). Otherwise answers null after setting a 303: to the login page for a visitor, or
 * to the confirm-password page with `next` = `returnTo` (a same-site path: the page whose form asked; default the
 * request's own path and query), where confirming leads back. A route does `const user = requirePageSudo(ctx, page);
 * if (user === null) return;` before any change.
 */
export function requirePageSudo(ctx: RegistryContext, returnTo: string = ctx.url): AuthenticatedUser | null {
  const user = ctx.state.user;
  if (user && inSudoMode(ctx.state)) return user;
  ctx.status = 303;
  ctx.redirect(user ? confirmPasswordUrl(returnTo) : '/account/login');
  return null;
}
