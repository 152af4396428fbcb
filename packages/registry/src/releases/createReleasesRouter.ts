import Router from '@koa/router';
import type { RegistryContext, RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { requestOrigin } from '../events/requestOrigin.js';
import { HttpError } from '../http/HttpError.js';
import { readJsonBody } from '../http/readJsonBody.js';
import { requireSudo } from '../twoFactor/sudo/requireSudo.js';
import { deleteFile } from './deleteFile.js';
import { deleteProject } from './deleteProject.js';
import { deleteRelease } from './deleteRelease.js';
import type { ManagementRequest } from './ManagementRequest.js';
import { parseYankReason } from './parseYankReason.js';
import { setReleaseYanked } from './setReleaseYanked.js';

/**
 * Release management, JSON under /api/v1/projects/<name> (owners and administrators, in sudo mode; JSON bodies):
 * PUT …/releases/<version>/yank {reason?} yanks (PEP 592), DELETE …/releases/<version>/yank un-yanks; DELETE
 * …/releases/<version>/files/<filename>, DELETE …/releases/<version> and DELETE /api/v1/projects/<name>
 * {confirm: "<name>"} delete. A deleted file's name can never be uploaded again. Every change writes an event.
 */
export function createReleasesRouter(deps: RegistryDeps): RegistryRouter {
  const router = new Router<RegistryState>();
  const release = '/api/v1/projects/:project/releases/:version';

  router.put(`${release}/yank`, async (ctx) => {
    const request = managementRequest(ctx);
    const reason = yankReason(await readJsonBody(ctx));
    ctx.body = await setReleaseYanked(deps, { ...request, version: ctx.params.version ?? '', yanked: true, reason });
  });
  router.delete(`${release}/yank`, async (ctx) => {
    ctx.body = await setReleaseYanked(deps, { ...managementRequest(ctx), version: ctx.params.version ?? '', yanked: false, reason: null });
  });

  router.delete(`${release}/files/:filename`, async (ctx) => {
    ctx.body = await deleteFile(deps, { ...managementRequest(ctx), version: ctx.params.version ?? '', filename: ctx.params.filename ?? '' });
  });
  router.delete(release, async (ctx) => {
    ctx.body = await deleteRelease(deps, { ...managementRequest(ctx), version: ctx.params.version ?? '' });
  });

  router.delete('/api/v1/projects/:project', async (ctx) => {
    const request = managementRequest(ctx);
    const confirm = (await readJsonBody(ctx) as { confirm?: unknown } | null)?.confirm;
    if (typeof confirm !== 'string') throw new HttpError(400, 'invalid_request', 'Expected a JSON object with "confirm": the name of the project to delete');
    ctx.body = await deleteProject(deps, { ...request, confirm });
  });

  return router;
}

/** The project of the route, the user in sudo mode (403 sudo_required otherwise) and where the request came from. */
function managementRequest(ctx: RegistryContext & { params: Record<string, string | undefined> }): ManagementRequest {
  return { project: ctx.params.project ?? '', actor: requireSudo(ctx), ...requestOrigin(ctx) };
}

/** The body's reason (parseYankReason), in a JSON object. */
function yankReason(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'invalid_request', 'Expected a JSON object, with an optional "reason"');
  return parseYankReason((body as { reason?: unknown }).reason);
}
