import Router from '@koa/router';
import type { RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { HttpError } from '../http/HttpError.js';
import { findStoredFile } from './findStoredFile.js';
import { ifNoneMatchMatches } from './ifNoneMatchMatches.js';
import { requestedByteRange } from './requestedByteRange.js';

const metadataSuffix = '.metadata';
const immutable = 'public, max-age=31536000, immutable';
/** How long a presigned download URL works: long enough for a client to follow the redirect, and no longer. */
const presignedLifetimeSeconds = 300;

/**
 * GET/HEAD /files/<ab>/<cd>/<sha256>/<filename> (see filePath): the uploaded file, streamed from FileStorage, and
 * at `<filename>.metadata` a wheel's METADATA (PEP 658). The bytes under a URL never change, so they are cached
 * for a year as immutable, with their SHA-256 as ETag (If-None-Match → 304); a GET of the file may ask for one byte
 * range (206; metadata is always sent whole). With KEYBRIDGE_FILES_REDIRECT=presigned and object storage, a GET is
 * redirected (302) to a presigned URL of the object, valid for a few minutes, that serves the same types and caching
 * (not the same ETag: the store's own). Anything else is 404.
 */
export function createFilesRouter(deps: RegistryDeps): RegistryRouter {
  const router = new Router<RegistryState>();

  router.get('/files/:first/:second/:sha256/:filename', async (ctx) => {
    const { first, second, sha256 = '', filename } = ctx.params;
    const notFound = new HttpError(404, 'file_not_found', 'File not found.');
    if (!/^[0-9a-f]{64}$/.test(sha256) || first !== sha256.slice(0, 2) || second !== sha256.slice(2, 4)) throw notFound;
    const stored = await findStoredFile(deps.db, sha256);
    if (stored === null) throw notFound;

    let key: string;
    let etag: string;
    let contentType: string;
    if (filename === stored.filename) {
      key = stored.storageKey;
      etag = stored.sha256;
      contentType = 'application/octet-stream';
    } else if (filename === `${stored.filename}${metadataSuffix}` && stored.metadataSha256 !== null) {
      key = `${stored.storageKey}${metadataSuffix}`;
      etag = stored.metadataSha256;
      // Core metadata is UTF-8 text in email-header format (PEP 658 serves it as found in the wheel).
      contentType = 'text/plain; charset=utf-8';
    } else {
      throw notFound;
    }
    const tag = `"${etag}"`;
    if (ifNoneMatchMatches(ctx.get('If-None-Match') || undefined, tag)) {
      ctx.set('ETag', tag);
      ctx.set('Cache-Control', immutable);
      ctx.status = 304;
      return;
    }
    if (ctx.method === 'GET' && deps.config.filesRedirect === 'presigned' && deps.storage.presignedUrl) {
      const location = await deps.storage.presignedUrl(key, { contentType, cacheControl: immutable }, presignedLifetimeSeconds);
      // The URL stops working soon: the redirect itself is not to be kept.
      ctx.set('Cache-Control', 'no-store');
      ctx.status = 302;
      ctx.set('Location', location);
      return;
    }
    ctx.set('Content-Type', contentType);
    ctx.set('ETag', tag);
    ctx.set('Cache-Control', immutable);

    const isFile = key === stored.storageKey;
    const range = isFile && ctx.method === 'GET' ? requestedByteRange(ctx.get('Range') || undefined, ctx.get('If-Range') || undefined, tag, stored.size) : null;
    if (range === 'unsatisfiable') throw new HttpError(416, 'range_not_satisfiable', 'The requested range is not satisfiable.', { 'Content-Range': `bytes */${stored.size}` });
    if (isFile) ctx.set('Accept-Ranges', 'bytes');
    const reader = await deps.storage.open(key, range ?? undefined);
    if (reader === null) {
      // A row exists only once its bytes are stored, and bytes go only after their row: so either the file was
      // deleted since the lookup above (404 now), or the storage lost it (the server's fault, not the client's).
      if ((await findStoredFile(deps.db, sha256))?.filename !== stored.filename) throw notFound;
      throw new Error(`stored file ${key} of ${stored.filename} is missing`);
    }
    if (ctx.method === 'HEAD') {
      // Koa sends no body for HEAD and would leave the stream (and its file descriptor) open.
      reader.stream.destroy();
      ctx.status = 200;
      ctx.length = reader.size;
    } else if (range) {
      ctx.body = reader.stream;
      ctx.status = 206;
      ctx.set('Content-Range', `bytes ${range.start}-${range.end}/${reader.size}`);
      ctx.length = range.end - range.start + 1;
    } else {
      ctx.body = reader.stream;
      ctx.length = reader.size;
    }
  });

  return router;
}
