import Router from '@koa/router';
import { requireUser } from '../accounts/requireUser.js';
import type { RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { requestOrigin } from '../events/requestOrigin.js';
import { HttpError } from '../http/HttpError.js';
import { readJsonBody } from '../http/readJsonBody.js';
import { isProjectRole } from './ProjectRole.js';
import { findProject } from './findProject.js';
import { listCollaborators } from './listCollaborators.js';
import { removeCollaborator } from './removeCollaborator.js';
import { setCollaboratorRole } from './setCollaboratorRole.js';

/**
 * Collaborators of a project, JSON under /api/v1/projects/<name>/collaborators: anyone may list them (PyPI shows
 * maintainers publicly); owners add one or change a role (POST {username, role}) and remove one (DELETE with
 * {username}, or DELETE …/collaborators/<username>). Projects themselves are created by their first upload.
 */
export function createProjectsRouter(_deps: RegistryDeps): RegistryRouter {
  const router = new Router<RegistryState>();
  const base = '/api/v1/projects/:project/collaborators';

  router.get(base, async (ctx) => {
    const project = await findProject(ctx.state.db, ctx.params.project ?? '');
    if (!project) throw new HttpError(404, 'project_not_found', `No project named '${(ctx.params.project ?? '').slice(0, 100)}'.`);
    const collaborators = await listCollaborators(ctx.state.db, project.id);
    ctx.body = { project: project.name, collaborators: collaborators.map(({ username, role, since }) => ({ username, role, since: since.toISOString() })) };
  });

  router.post(base, async (ctx) => {
    const actor = requireUser(ctx);
    const body = await readJsonBody(ctx);
    const username = stringField(body, 'username');
    const role = (body as { role?: unknown }).role ?? 'maintainer';
    if (!isProjectRole(role)) throw new HttpError(400, 'invalid_role', "role must be 'owner' or 'maintainer'");
    const result = await setCollaboratorRole(ctx.state.db, { project: ctx.params.project ?? '', username, role, actor, ...requestOrigin(ctx) });
    ctx.status = result.outcome === 'added' ? 201 : 200;
    ctx.body = result;
  });

  router.delete(base, async (ctx) => {
    const actor = requireUser(ctx);
    const username = stringField(await readJsonBody(ctx), 'username');
    const removed = await removeCollaborator(ctx.state.db, { project: ctx.params.project ?? '', username, actor, ...requestOrigin(ctx) });
    ctx.body = { ...removed, outcome: 'removed' };
  });
  router.delete(`${base}/:username`, async (ctx) => {
    const actor = requireUser(ctx);
    const username = ctx.params.username ?? '';
    const removed = await removeCollaborator(ctx.state.db, { project: ctx.params.project ?? '', username, actor, ...requestOrigin(ctx) });
    ctx.body = { ...removed, outcome: 'removed' };
  });

  return router;
}

function stringField(body: unknown, field: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string' || value === '' || value.length > 200) throw new HttpError(400, 'invalid_field', `${field} must be a non-empty string`);
  return value;
}
