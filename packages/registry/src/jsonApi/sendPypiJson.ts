import { createHash } from 'node:crypto';
import type { RegistryContext } from '../app/RegistryState.js';
import { ifNoneMatchMatches } from '../simple/ifNoneMatchMatches.js';

/**
 * Answers with a JSON API document: a strong ETag of its bytes (If-None-Match → 304), revalidation on every use,
 * PyPI's X-PyPI-Last-Serial, and readable from any origin (public data, as on PyPI).
 */
export function sendPypiJson(ctx: RegistryContext, document: unknown, lastSerial: number): void {
  const body = JSON.stringify(document);
  ctx.set('Content-Type', 'application/json');
  ctx.set('Cache-Control', 'no-cache');
  ctx.set('Access-Control-Allow-Origin', '*');
  const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
  ctx.set('ETag', etag);
  ctx.set('X-PyPI-Last-Serial', String(lastSerial));
  ctx.body = body;
  if (ifNoneMatchMatches(ctx.get('If-None-Match') || undefined, etag)) ctx.status = 304;
}
