import { createHash } from 'node:crypto';
import type { RegistryContext } from '../app/RegistryState.js';
import { ifNoneMatchMatches } from './ifNoneMatchMatches.js';
import { SimpleFormat } from './SimpleFormat.js';

/**
 * Answers with a rendered Simple API page: the negotiated Content-Type, `Vary: Accept`, a strong ETag of the bytes
 * (so that pip and caches revalidate with If-None-Match and get a 304), revalidation on every use (a new upload
 * must show at once), and PyPI's X-PyPI-Last-Serial.
 */
export function sendSimplePage(ctx: RegistryContext, format: SimpleFormat, body: string, lastSerial: number): void {
  ctx.set('Content-Type', format === SimpleFormat.json ? format : `${format}; charset=utf-8`);
  ctx.set('Vary', 'Accept');
  ctx.set('Cache-Control', 'no-cache');
  const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
  ctx.set('ETag', etag);
  ctx.set('X-PyPI-Last-Serial', String(lastSerial));
  ctx.body = body;
  if (ifNoneMatchMatches(ctx.get('If-None-Match') || undefined, etag)) ctx.status = 304;
}
