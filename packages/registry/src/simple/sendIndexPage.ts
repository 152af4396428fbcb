import type { RegistryContext } from '../app/RegistryState.js';
import { ifNoneMatchMatches } from './ifNoneMatchMatches.js';
import type { IndexPage } from './IndexPage.js';

/**
 * Answers with a rendered index page as `contentType`: its strong ETag (so that pip and caches revalidate with
 * If-None-Match and get a 304), revalidation on every use (a new upload must show at once), and PyPI's
 * X-PyPI-Last-Serial. A streamed page gets no body here: the caller sets its stream unless this answered 304.
 */
export function sendIndexPage(ctx: RegistryContext, page: IndexPage, contentType: string): void {
  ctx.set('Content-Type', contentType);
  ctx.set('Cache-Control', 'no-cache');
  ctx.set('ETag', page.etag);
  ctx.set('X-PyPI-Last-Serial', String(page.lastSerial));
  if (page.streamed) ctx.status = 200;
  else ctx.body = page.body;
  if (ifNoneMatchMatches(ctx.get('If-None-Match') || undefined, page.etag)) ctx.status = 304;
}
