import Router from '@koa/router';
import type { AuthenticatedUser } from '../accounts/AuthenticatedUser.js';
import type { RegistryContext, RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { requestOrigin } from '../events/requestOrigin.js';
import { HttpError } from '../http/HttpError.js';
import { dateView } from '../pages/dateView.js';
import type { FlashKey } from '../pages/flashMessages.js';
import { formatFileSize } from '../pages/formatFileSize.js';
import type { ManageProjectView } from '../pages/PageViews.js';
import { readPageForm } from '../pages/readPageForm.js';
import { renderPage, type RenderPageOptions } from '../pages/renderPage.js';
import { setFlashMessage } from '../pages/setFlashMessage.js';
import { tryFormAction } from '../pages/tryFormAction.js';
import { deleteFile } from '../releases/deleteFile.js';
import { deleteProject } from '../releases/deleteProject.js';
import { deleteRelease } from '../releases/deleteRelease.js';
import type { ManagementRequest } from '../releases/ManagementRequest.js';
import { parseYankReason } from '../releases/parseYankReason.js';
import { setReleaseYanked } from '../releases/setReleaseYanked.js';
import { loadProjectIndex } from '../simple/loadProjectIndex.js';
import { requirePageSudo } from '../twoFactor/sudo/requirePageSudo.js';
import { findProject } from './findProject.js';
import { findProjectRole } from './findProjectRole.js';
import { listCollaborators } from './listCollaborators.js';
import { listUserProjects } from './listUserProjects.js';
import { isProjectRole } from './ProjectRole.js';
import { removeCollaborator } from './removeCollaborator.js';
import { setCollaboratorRole } from './setCollaboratorRole.js';
import { setProjectPolicy } from './setProjectPolicy.js';

const projectsPath = '/manage/projects/';
const managePath = (name: string) => `/manage/project/${encodeURIComponent(name)}/`;
const releasePath = (name: string, version: string) => `${managePath(name)}releases/${encodeURIComponent(version)}/`;

type ManageContext = RegistryContext & { params: Record<string, string | undefined> };

/**
 * The maintainer's pages: "Your projects" (GET /manage/projects/) and, for an owner or an administrator, a project's
 * manage page (GET /manage/project/<name>/) with its forms — collaborators (add or change a role, remove), the
 * require-2FA policy, yank / un-yank a release with a reason, delete a file or a release (type its name to confirm)
 * and delete the project (type its name). Every change is a POST under the manage page, in sudo mode
 * (requirePageSudo), through the same functions as the JSON API; then back to the page with a message, or the page
 * again with the error.
 */
export function createManagePagesRouter(deps: RegistryDeps): RegistryRouter {
  const router = new Router<RegistryState>();

  router.get(projectsPath, async (ctx) => {
    const user = ctx.state.user;
    if (!user) return ctx.redirect('/account/login');
    const projects = await listUserProjects(ctx.state.db, user.id);
    renderPage(ctx, 'manage/projects', {
      title: 'Your projects',
      projects: projects.map((project) => ({
        name: project.name,
        role: project.role,
        releaseCount: project.releaseCount,
        url: project.releaseCount > 0 ? `/project/${encodeURIComponent(project.name)}/` : null,
        manageUrl: project.role === 'owner' || user.isAdmin ? managePath(project.name) : null,
      })),
    });
  });

  router.get('/manage/project/:project/', async (ctx) => {
    if (!ctx.state.user) return ctx.redirect('/account/login');
    await showManagePage(ctx, ctx.state.user);
  });

  /** A change posted from the manage page: done by `work` in sudo mode, then back to `after` (the page) with `flash`. */
  const change = (path: string, flash: FlashKey, work: (request: ManagementRequest, form: URLSearchParams, ctx: ManageContext) => Promise<unknown>, after?: string) => {
    router.post(`/manage/project/:project/${path}`, async (ctx) => {
      const form = await readPageForm(ctx);
      const page = managePath(ctx.params.project ?? '');
      const actor = requirePageSudo(ctx, page);
      if (actor === null) return;
      const request: ManagementRequest = { project: ctx.params.project ?? '', actor, ...requestOrigin(ctx) };
      const done = await tryFormAction(ctx, () => work(request, form, ctx), (shown) => showManagePage(ctx, actor, shown));
      if (!done) return;
      setFlashMessage(ctx, flash);
      ctx.status = 303;
      ctx.redirect(after ?? page);
    });
  };

  change('collaborators', 'collaborator_saved', (request, form) => {
    const role = form.get('role') ?? 'maintainer';
    if (!isProjectRole(role)) throw new HttpError(400, 'invalid_role', 'Choose the role owner or maintainer');
    return setCollaboratorRole(deps.db, { ...request, username: requiredField(form, 'username', 'Enter the username of the collaborator'), role });
  });
  change('collaborators/remove', 'collaborator_removed', (request, form) =>
    removeCollaborator(deps.db, { ...request, username: requiredField(form, 'username', 'Name the collaborator to remove') }),
  );
  change('policy', 'policy_saved', (request, form) => setProjectPolicy(deps.db, { ...request, require2fa: form.get('require_2fa') === 'on' }));
  change('releases/:version/yank', 'release_yanked', (request, form, ctx) =>
    setReleaseYanked(deps, { ...request, version: ctx.params.version ?? '', yanked: true, reason: parseYankReason(form.get('reason')?.trim()) }),
  );
  change('releases/:version/unyank', 'release_unyanked', (request, _form, ctx) => setReleaseYanked(deps, { ...request, version: ctx.params.version ?? '', yanked: false, reason: null }));
  change('releases/:version/delete', 'release_deleted', (request, form, ctx) => {
    const version = ctx.params.version ?? '';
    assertTyped(form, version, `To delete release ${version}, type its version exactly`);
    return deleteRelease(deps, { ...request, version });
  });
  change('releases/:version/files/delete', 'file_deleted', (request, form, ctx) => {
    const filename = requiredField(form, 'filename', 'Name the file to delete');
    assertTyped(form, filename, `To delete ${filename}, type its name exactly`);
    return deleteFile(deps, { ...request, version: ctx.params.version ?? '', filename });
  });
  change('delete', 'project_deleted', (request, form) => deleteProject(deps, { ...request, confirm: form.get('confirm') ?? '' }), projectsPath);

  return router;
}

function requiredField(form: URLSearchParams, name: string, message: string): string {
  const value = (form.get(name) ?? '').trim();
  if (value === '' || value.length > 255) throw new HttpError(400, 'invalid_field', message);
  return value;
}

/** The page's "type the name to confirm" for deletions the JSON API does not ask to confirm (it deletes by URL). */
function assertTyped(form: URLSearchParams, expected: string, message: string): void {
  if ((form.get('confirm') ?? '').trim() !== expected) throw new HttpError(400, 'confirmation_mismatch', message);
}

/** The manage page of the route's project, for an owner or an administrator (404 / 403 otherwise). */
async function showManagePage(ctx: ManageContext, user: AuthenticatedUser, options: RenderPageOptions = {}): Promise<void> {
  const { db } = ctx.state;
  const asked = ctx.params.project ?? '';
  const project = await findProject(db, asked);
  if (!project) throw new HttpError(404, 'project_not_found', `No project named '${asked.slice(0, 100)}'.`);
  const owner = (await findProjectRole(db, project.id, user.id)) === 'owner';
  if (!owner && !user.isAdmin) throw new HttpError(403, 'not_an_owner', `Only owners of '${project.name}' can manage it.`);
  const [collaborators, index] = await Promise.all([listCollaborators(db, project.id), loadProjectIndex(db, project.normalizedName)]);
  const page = managePath(project.name);
  const view: ManageProjectView = {
    title: `Manage ${project.name}`,
    name: project.name,
    url: `/project/${encodeURIComponent(project.name)}/`,
    asAdmin: !owner,
    collaborators: collaborators.map((collaborator) => ({ username: collaborator.username, role: collaborator.role, since: dateView(collaborator.since), isYou: collaborator.userId === user.id })),
    require2fa: project.require2fa,
    releases: [...(index?.releases ?? [])].reverse().map((release) => ({
      version: release.version,
      url: `/project/${encodeURIComponent(project.name)}/${encodeURIComponent(release.version)}/`,
      created: dateView(release.createdAt),
      yanked: release.yanked,
      yankedReason: release.yankedReason,
      yankAction: `${releasePath(project.name, release.version)}yank`,
      unyankAction: `${releasePath(project.name, release.version)}unyank`,
      deleteAction: `${releasePath(project.name, release.version)}delete`,
      deleteFileAction: `${releasePath(project.name, release.version)}files/delete`,
      files: (index?.files ?? []).filter((file) => file.release.id === release.id).map((file) => ({ filename: file.filename, size: formatFileSize(file.size) })),
    })),
    actions: { addCollaborator: `${page}collaborators`, removeCollaborator: `${page}collaborators/remove`, policy: `${page}policy`, deleteProject: `${page}delete` },
  };
  renderPage(ctx, 'manage/project', view, options);
}
