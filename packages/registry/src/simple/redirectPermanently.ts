import type { RegistryContext } from '../app/RegistryState.js';

/**
 * Answers 301 to `location`, which may be relative to the request's URL (so that redirects hold behind a proxy
 * serving the registry under a path prefix).
 */
export function redirectPermanently(ctx: RegistryContext, location: string): void {
  ctx.status = 301;
  ctx.set('Location', location);
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = `Moved permanently to ${location}\n`;
}
