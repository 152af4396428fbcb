import Router from '@koa/router';
import type { RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { HttpError } from '../http/HttpError.js';
import { findStoredFile } from './findStoredFile.js';
import { ifNoneMatchMatches } from './ifNoneMatchMatches.js';

const metadataSuffix = '.metadata';

/**
 * GET/HEAD /files/<ab>/<cd>/<sha256>/<filename> (see filePath): the uploaded file, streamed from FileStorage, and
 * at `<filename>.metadata` a wheel's METADATA (PEP 658). The bytes under a URL never change, so they are cached
 * for a year as immutable, with their SHA-256 as ETag (If-None-Match → 304). Anything else is 404.
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
    if (filename === stored.filename) {
      key = stored.storageKey;
      etag = stored.sha256;
      ctx.set('Content-Type', 'application/octet-stream');
    } else if (filename === `${stored.filename}${metadataSuffix}` && stored.metadataSha256 !== null) {
      key = `${stored.storageKey}${metadataSuffix}`;
      etag = stored.metadataSha256;
      // Core metadata is UTF-8 text in email-header format (PEP 658 serves it as found in the wheel).
      ctx.set('Content-Type', 'text/plain; charset=utf-8');
    } else {
      throw notFound;
    }
    ctx.set('ETag', `"${etag}"`);
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    if (ifNoneMatchMatches(ctx.get('If-None-Match') || undefined, `"${etag}"`)) {
      ctx.status = 304;
      return;
    }

    const reader = await deps.storage.open(key);
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
    } else {
      ctx.body = reader.stream;
    }
    ctx.length = reader.size;
  });

  return router;
}
