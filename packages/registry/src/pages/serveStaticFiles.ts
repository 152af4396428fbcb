import type { Middleware } from 'koa';
import type { RegistryState } from '../app/RegistryState.js';
import { ifNoneMatchMatches } from '../simple/ifNoneMatchMatches.js';
import { sharedStaticFiles } from './sharedStaticFiles.js';

const prefix = '/static/';
/** A year: URLs carrying the file's current version never change content. */
const immutable = 'public, max-age=31536000, immutable';
/** Anything else (an old or missing `v`, a module imported by relative path) is revalidated, cheaply, by ETag. */
const revalidate = 'public, no-cache';

/**
 * GET/HEAD /static/<path>: the files of StaticFiles, with a strong ETag (304 on If-None-Match) and long caching when
 * the URL names the current version (`?v=`, as StaticFiles.url writes it). Runs before the session is loaded:
 * assets need no database query.
 */
export function serveStaticFiles(): Middleware<RegistryState> {
  const files = sharedStaticFiles();
  return async (ctx, next) => {
    if (!ctx.path.startsWith(prefix)) return next();
    const file = files.get(ctx.path.slice(prefix.length));
    if (file === undefined || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    ctx.set('ETag', file.etag);
    ctx.set('Cache-Control', ctx.query.v === file.version ? immutable : revalidate);
    if (ifNoneMatchMatches(ctx.get('If-None-Match') || undefined, file.etag)) {
      ctx.status = 304;
      return;
    }
    ctx.type = file.contentType;
    ctx.body = file.bytes;
  };
}
