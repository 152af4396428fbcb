import Router from '@koa/router';
import type { RegistryContext, RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { HttpError } from '../http/HttpError.js';
import { normalizeProjectName } from '../projects/normalizeProjectName.js';
import { loadProjectIndex } from './loadProjectIndex.js';
import { negotiateSimpleFormat } from './negotiateSimpleFormat.js';
import { redirectPermanently } from './redirectPermanently.js';
import { renderProjectHtml } from './renderProjectHtml.js';
import { renderProjectJson } from './renderProjectJson.js';
import { readIndexPage } from './readIndexPage.js';
import { readRootIndexPage } from './readRootIndexPage.js';
import { renderIndexPage } from './renderIndexPage.js';
import { sendSimplePage } from './sendSimplePage.js';
import { streamRootIndex } from './streamRootIndex.js';
import { SimpleFormat } from './SimpleFormat.js';

/**
 * The Simple API (PEP 503 HTML, PEP 691 JSON by Accept): GET/HEAD /simple/ lists the projects, /simple/<name>/
 * a project's files, both kept rendered in deps.indexPages (see readIndexPage; a root of more than rootIndexPageSize
 * projects is streamed, only its ETag kept: see readRootIndexPage). Other spellings of a name, and paths
 * without their trailing slash, are redirected (301, with a relative Location) to the normalized URL; unknown projects
 * are 404; an Accept header that admits neither HTML nor JSON is 406.
 */
export function createSimpleRouter(deps: RegistryDeps): RegistryRouter {
  // Routes match with or without the trailing slash; the handlers redirect to the slashed form themselves.
  const router = new Router<RegistryState>();

  router.get('/simple', async (ctx) => {
    if (!ctx.path.endsWith('/')) {
      redirectPermanently(ctx, 'simple/');
      return;
    }
    const format = negotiate(ctx);
    const page = (await readIndexPage(ctx, null, format, () => readRootIndexPage(deps.db, format)))!;
    sendSimplePage(ctx, format, page);
    // A large index is written from the database as it is sent (only when a body is wanted at all).
    if (page.streamed && ctx.status === 200 && ctx.method !== 'HEAD') ctx.body = await streamRootIndex(ctx, deps.db, format, page.lastSerial);
  });

  router.get('/simple/:project', async (ctx) => {
    const project = ctx.params.project ?? '';
    const normalized = normalizeProjectName(project);
    if (project !== normalized || !ctx.path.endsWith('/')) {
      // Relative, so that it holds behind a proxy that serves the registry under a path prefix.
      redirectPermanently(ctx, `${ctx.path.endsWith('/') ? '../' : ''}${encodeURIComponent(normalized)}/`);
      return;
    }
    const format = negotiate(ctx);
    const page = await readIndexPage(ctx, normalized, format, async () => {
      const index = await loadProjectIndex(deps.db, normalized);
      if (index === null) return null;
      return renderIndexPage(format === SimpleFormat.json ? JSON.stringify(renderProjectJson(index)) : renderProjectHtml(index), index.lastSerial);
    });
    if (page === null) throw new HttpError(404, 'project_not_found', `Project '${normalized.slice(0, 100)}' was not found.`);
    sendSimplePage(ctx, format, page);
  });

  return router;
}

function negotiate(ctx: RegistryContext): SimpleFormat {
  // Every answer from here on (404 and 406 included) depends on Accept.
  ctx.set('Vary', 'Accept');
  const format = negotiateSimpleFormat(ctx.get('Accept') || undefined);
  if (format === null) {
    throw new HttpError(406, 'not_acceptable', `Not Acceptable: this index serves ${Object.values(SimpleFormat).join(', ')}.`);
  }
  return format;
}
