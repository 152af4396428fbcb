import type { RegistryContext } from '../app/RegistryState.js';
import { ifNoneMatchMatches } from './ifNoneMatchMatches.js';
import { SimpleFormat } from './SimpleFormat.js';
import type { SimplePage } from './SimplePage.js';

/**
 * Answers with a rendered Simple API page: the negotiated Content-Type, `Vary: Accept`, the page's strong ETag (so
 * that pip and caches revalidate with If-None-Match and get a 304), revalidation on every use (a new upload must
 * show at once), and PyPI's X-PyPI-Last-Serial.
 */
export function sendSimplePage(ctx: RegistryContext, format: SimpleFormat, page: SimplePage): void {
  ctx.set('Content-Type', format === SimpleFormat.json ? format : `${format}; charset=utf-8`);
  ctx.set('Vary', 'Accept');
  ctx.set('Cache-Control', 'no-cache');
  ctx.set('ETag', page.etag);
  ctx.set('X-PyPI-Last-Serial', String(page.lastSerial));
  ctx.body = page.body;
  if (ifNoneMatchMatches(ctx.get('If-None-Match') || undefined, page.etag)) ctx.status = 304;
}
