import Router from '@koa/router';
import type { RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { HttpError } from '../http/HttpError.js';
import { canonicalizeVersion } from '../projects/canonicalizeVersion.js';
import { normalizeProjectName } from '../projects/normalizeProjectName.js';
import type { IndexPage } from '../simple/IndexPage.js';
import { loadProjectIndex } from '../simple/loadProjectIndex.js';
import { readIndexPage } from '../simple/readIndexPage.js';
import { redirectPermanently } from '../simple/redirectPermanently.js';
import { renderIndexPage } from '../simple/renderIndexPage.js';
import { loadReleaseMetadata } from './loadReleaseMetadata.js';
import { pickLatestRelease } from './pickLatestRelease.js';
import { renderPypiProjectJson } from './renderPypiProjectJson.js';
import { renderPypiReleaseJson } from './renderPypiReleaseJson.js';
import { sendPypiJson } from './sendPypiJson.js';

/**
 * PyPI's JSON API: GET/HEAD /pypi/<project>/json (the current release's info and files, and every release) and
 * /pypi/<project>/<version>/json (one release). As on PyPI, another spelling of the project's name or of the
 * version is redirected (301) to the one uploaded; an unknown project or version is 404. Documents are kept in the
 * index page cache beside the Simple API's pages (per public URL, since file URLs are absolute), and dropped with them.
 */
export function createJsonApiRouter(deps: RegistryDeps): RegistryRouter {
  const router = new Router<RegistryState>();

  router.get('/pypi/:project/json', async (ctx) => {
    const project = ctx.params.project ?? '';
    const normalized = normalizeProjectName(project);
    const { publicUrl } = ctx.state.config;
    const page = await readIndexPage(ctx, normalized, `pypi-json ${publicUrl}`, async () => {
      const index = await loadProjectIndex(deps.db, normalized);
      if (index === null) return null;
      const latest = pickLatestRelease(index.releases);
      // Not cached: rare, and its message differs from the cached 404's.
      if (latest === null) throw new HttpError(404, 'project_not_found', `Project '${index.name}' has no releases.`);
      const metadata = await loadReleaseMetadata(deps.db, latest.id);
      return renderIndexPage(JSON.stringify(renderPypiProjectJson(index, latest, publicUrl, metadata)), index.lastSerial, { project: index.name });
    });
    const found = foundPage(page, project);
    if (found.spelling?.project !== project) {
      redirectPermanently(ctx, `../${encodeURIComponent(found.spelling?.project ?? normalized)}/json`);
      return;
    }
    sendPypiJson(ctx, found);
  });

  router.get('/pypi/:project/:version/json', async (ctx) => {
    const { project = '', version = '' } = ctx.params;
    const normalized = normalizeProjectName(project);
    // Every spelling of a version shares its page; an invalid one (no canonical form) can never equal a canonical one.
    const canonical = canonicalizeVersion(version) ?? version;
    const { publicUrl } = ctx.state.config;
    const page = await readIndexPage(ctx, normalized, `pypi-json ${publicUrl} ${canonical}`, async () => {
      const index = await loadProjectIndex(deps.db, normalized);
      if (index === null) return null;
      const release = index.releases.find((candidate) => candidate.version === version) ?? index.releases.find((candidate) => candidate.canonicalVersion === canonical);
      // Not cached: its message names the version as asked.
      if (release === undefined) throw new HttpError(404, 'release_not_found', `Release '${version.slice(0, 100)}' of project '${index.name}' was not found.`);
      const metadata = await loadReleaseMetadata(deps.db, release.id);
      return renderIndexPage(JSON.stringify(renderPypiReleaseJson(index, release, publicUrl, metadata)), index.lastSerial, { project: index.name, version: release.version });
    });
    const found = foundPage(page, project);
    const spelling = { project: normalized, version, ...found.spelling };
    if (spelling.project !== project || spelling.version !== version) {
      redirectPermanently(ctx, `../../${encodeURIComponent(spelling.project)}/${encodeURIComponent(spelling.version)}/json`);
      return;
    }
    sendPypiJson(ctx, found);
  });

  return router;
}

function foundPage(page: IndexPage | null, project: string): IndexPage {
  if (page === null) throw new HttpError(404, 'project_not_found', `Project '${project.slice(0, 100)}' was not found.`);
  return page;
}
