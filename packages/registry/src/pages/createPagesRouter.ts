import Router from '@koa/router';
import type { RegistryContext, RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { HttpError } from '../http/HttpError.js';
import { loadReleaseMetadata } from '../jsonApi/loadReleaseMetadata.js';
import { pickLatestRelease } from '../jsonApi/pickLatestRelease.js';
import { canonicalizeVersion } from '../projects/canonicalizeVersion.js';
import { listCollaborators } from '../projects/listCollaborators.js';
import { listRecentlyUpdatedProjects } from '../projects/listRecentlyUpdatedProjects.js';
import { normalizeProjectName } from '../projects/normalizeProjectName.js';
import { searchProjects } from '../projects/searchProjects.js';
import { listProjects } from '../simple/listProjects.js';
import { loadProjectIndex } from '../simple/loadProjectIndex.js';
import type { IndexedRelease, ProjectIndex } from '../simple/ProjectIndex.js';
import { redirectPermanently } from '../simple/redirectPermanently.js';
import { dateView } from './dateView.js';
import type { ProjectSummaryView } from './PageViews.js';
import { projectPageView } from './projectPageView.js';
import { renderPage } from './renderPage.js';

const recentProjects = 10;
const searchResults = 100;

/**
 * The public pages: home (/), search (/search/?q=), help (/help/), and a project's page (/project/<name>/, its
 * current release) and a release's (/project/<name>/<version>/). As in the JSON API, another spelling of the name
 * or version, or a path without its trailing slash, is redirected (301, relative) to the uploaded spelling.
 */
export function createPagesRouter(deps: RegistryDeps): RegistryRouter {
  const router = new Router<RegistryState>();

  router.get('/', async (ctx) => {
    const [recent, all] = await Promise.all([listRecentlyUpdatedProjects(deps.db, recentProjects), deps.db('projects').count({ count: '*' }).first()]);
    const recentViews = recent.map((project) => ({ ...summaryOf(project.name), version: project.version, summary: project.summary, updated: dateView(project.updatedAt) }));
    renderPage(ctx, 'home', { title: 'Home', recent: recentViews, projectCount: Number((all as { count: number | string } | undefined)?.count ?? 0) });
  });

  router.get('/search', async (ctx) => {
    if (!ctx.path.endsWith('/')) return redirectPermanently(ctx, `search/${ctx.querystring === '' ? '' : `?${ctx.querystring}`}`);
    const query = typeof ctx.query.q === 'string' ? ctx.query.q.slice(0, 200) : '';
    const found = query.trim() === '' ? await listProjects(deps.db, null, 1000) : await searchProjects(deps.db, query, searchResults);
    renderPage(ctx, 'search', { title: query.trim() === '' ? 'Projects' : `Search: ${query}`, query, results: found.map((project) => summaryOf(project.name)) });
  });

  router.get('/help', async (ctx) => {
    if (!ctx.path.endsWith('/')) return redirectPermanently(ctx, 'help/');
    renderPage(ctx, 'help', { title: 'Help' });
  });

  router.get('/project/:project', async (ctx) => {
    const asked = ctx.params.project ?? '';
    const index = await findProjectIndex(deps, asked);
    const latest = currentRelease(index);
    if (asked !== index.name || !ctx.path.endsWith('/')) {
      return redirectPermanently(ctx, `${ctx.path.endsWith('/') ? '../' : ''}${encodeURIComponent(index.name)}/`);
    }
    await showRelease(ctx, deps, index, latest, latest);
  });

  router.get('/project/:project/:version', async (ctx) => {
    const { project: asked = '', version = '' } = ctx.params;
    const index = await findProjectIndex(deps, asked);
    const latest = currentRelease(index);
    const canonical = canonicalizeVersion(version) ?? version;
    const release = index.releases.find((candidate) => candidate.version === version) ?? index.releases.find((candidate) => candidate.canonicalVersion === canonical);
    if (release === undefined) throw new HttpError(404, 'release_not_found', `Release '${version.slice(0, 100)}' of project '${index.name}' was not found.`);
    if (asked !== index.name || version !== release.version || !ctx.path.endsWith('/')) {
      const up = ctx.path.endsWith('/') ? '../../' : '../';
      return redirectPermanently(ctx, `${up}${encodeURIComponent(index.name)}/${encodeURIComponent(release.version)}/`);
    }
    await showRelease(ctx, deps, index, release, latest);
  });

  return router;
}

function summaryOf(name: string): ProjectSummaryView {
  return { name, url: `/project/${encodeURIComponent(name)}/`, version: null, summary: null, updated: null };
}

async function findProjectIndex(deps: RegistryDeps, asked: string): Promise<ProjectIndex> {
  const index = await loadProjectIndex(deps.db, normalizeProjectName(asked));
  if (index === null) throw new HttpError(404, 'project_not_found', `Project '${asked.slice(0, 100)}' was not found.`);
  return index;
}

function currentRelease(index: ProjectIndex): IndexedRelease {
  const latest = pickLatestRelease(index.releases);
  if (latest === null) throw new HttpError(404, 'project_not_found', `Project '${index.name}' has no releases.`);
  return latest;
}

async function showRelease(ctx: RegistryContext, deps: RegistryDeps, index: ProjectIndex, release: IndexedRelease, latest: IndexedRelease): Promise<void> {
  const [metadata, collaborators] = await Promise.all([loadReleaseMetadata(deps.db, release.id), listCollaborators(deps.db, index.id)]);
  renderPage(ctx, 'project', projectPageView({ index, release, latest, metadata, collaborators, publicUrl: ctx.state.config.publicUrl, viewer: ctx.state.user ?? null }));
}
