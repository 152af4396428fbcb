import Router from '@koa/router';
import type { RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { requestOrigin } from '../events/requestOrigin.js';
import { HttpError } from '../http/HttpError.js';
import { readJsonBody } from '../http/readJsonBody.js';
import { requireSudo } from '../twoFactor/sudo/requireSudo.js';
import { isProjectRole } from './ProjectRole.js';
import { findProject } from './findProject.js';
import { listCollaborators } from './listCollaborators.js';
import { removeCollaborator } from './removeCollaborator.js';
import { setCollaboratorRole } from './setCollaboratorRole.js';
import { setProjectPolicy } from './setProjectPolicy.js';

/**
 * Collaborators of a project, JSON under /api/v1/projects/<name>/collaborators: anyone may list them (PyPI shows
 * maintainers publicly); owners and administrators add one or change a role (POST {username, role}) and remove one
 * (DELETE with {username}, or DELETE …/collaborators/<username>). Projects themselves are created by their first upload.
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
    const actor = requireSudo(ctx);
    const body = await readJsonBody(ctx);
    const username = stringField(body, 'username');
    const role = (body as { role?: unknown }).role ?? 'maintainer';
    if (!isProjectRole(role)) throw new HttpError(400, 'invalid_role', "role must be 'owner' or 'maintainer'");
    const result = await setCollaboratorRole(ctx.state.db, { project: ctx.params.project ?? '', username, role, actor, ...requestOrigin(ctx) });
    ctx.status = result.outcome === 'added' ? 201 : 200;
    ctx.body = result;
  });

  router.delete(base, async (ctx) => {
    const actor = requireSudo(ctx);
    const username = stringField(await readJsonBody(ctx), 'username');
    const removed = await removeCollaborator(ctx.state.db, { project: ctx.params.project ?? '', username, actor, ...requestOrigin(ctx) });
    ctx.body = { ...removed, outcome: 'removed' };
  });
  router.delete(`${base}/:username`, async (ctx) => {
    const actor = requireSudo(ctx);
    const username = ctx.params.username ?? '';
    const removed = await removeCollaborator(ctx.state.db, { project: ctx.params.project ?? '', username, actor, ...requestOrigin(ctx) });
    ctx.body = { ...removed, outcome: 'removed' };
  });

  // The project's upload policy: { require2fa } (owners and administrators, in sudo mode; only one with a second factor can turn it on).
  router.put('/api/v1/projects/:project/policy', async (ctx) => {
    const actor = requireSudo(ctx);
    const require2fa = (await readJsonBody(ctx) as { require2fa?: unknown } | null)?.require2fa;
    if (typeof require2fa !== 'boolean') throw new HttpError(400, 'invalid_request', 'Expected a JSON object with a boolean "require2fa"');
    ctx.body = await setProjectPolicy(ctx.state.db, { project: ctx.params.project ?? '', require2fa, actor, ...requestOrigin(ctx) });
  });

  return router;
}

function stringField(body: unknown, field: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string' || value === '' || value.length > 200) throw new HttpError(400, 'invalid_field', `${field} must be a non-empty string`);
  return value;
}
