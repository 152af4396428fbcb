import Router from '@koa/router';
import type { RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { HttpError } from '../http/HttpError.js';
import { canonicalizeVersion } from '../projects/canonicalizeVersion.js';
import { normalizeProjectName } from '../projects/normalizeProjectName.js';
import { loadProjectIndex } from '../simple/loadProjectIndex.js';
import type { ProjectIndex } from '../simple/ProjectIndex.js';
import { redirectPermanently } from '../simple/redirectPermanently.js';
import { loadReleaseMetadata } from './loadReleaseMetadata.js';
import { pickLatestRelease } from './pickLatestRelease.js';
import { renderPypiProjectJson } from './renderPypiProjectJson.js';
import { renderPypiReleaseJson } from './renderPypiReleaseJson.js';
import { sendPypiJson } from './sendPypiJson.js';

/**
 * PyPI's JSON API: GET/HEAD /pypi/<project>/json (the current release's info and files, and every release) and
 * /pypi/<project>/<version>/json (one release). As on PyPI, another spelling of the project's name or of the
 * version is redirected (301) to the one uploaded; an unknown project or version is 404.
 */
export function createJsonApiRouter(deps: RegistryDeps): RegistryRouter {
  const router = new Router<RegistryState>();

  router.get('/pypi/:project/json', async (ctx) => {
    const project = ctx.params.project ?? '';
    const index = await findProjectIndex(deps, project);
    if (index.name !== project) {
      redirectPermanently(ctx, `../${encodeURIComponent(index.name)}/json`);
      return;
    }
    const latest = pickLatestRelease(index.releases);
    if (latest === null) throw new HttpError(404, 'project_not_found', `Project '${index.name}' has no releases.`);
    sendPypiJson(ctx, renderPypiProjectJson(index, latest, ctx.state.config.publicUrl, await loadReleaseMetadata(deps.db, latest.id)), index.lastSerial);
  });

  router.get('/pypi/:project/:version/json', async (ctx) => {
    const { project = '', version = '' } = ctx.params;
    const index = await findProjectIndex(deps, project);
    const canonical = canonicalizeVersion(version);
    const release = index.releases.find((candidate) => candidate.version === version) ?? index.releases.find((candidate) => candidate.canonicalVersion === canonical);
    if (release === undefined) throw new HttpError(404, 'release_not_found', `Release '${version.slice(0, 100)}' of project '${index.name}' was not found.`);
    if (index.name !== project || release.version !== version) {
      redirectPermanently(ctx, `../../${encodeURIComponent(index.name)}/${encodeURIComponent(release.version)}/json`);
      return;
    }
    sendPypiJson(ctx, renderPypiReleaseJson(index, release, ctx.state.config.publicUrl, await loadReleaseMetadata(deps.db, release.id)), index.lastSerial);
  });

  return router;
}

async function findProjectIndex(deps: RegistryDeps, name: string): Promise<ProjectIndex> {
  const index = await loadProjectIndex(deps.db, normalizeProjectName(name));
  if (index === null) throw new HttpError(404, 'project_not_found', `Project '${name.slice(0, 100)}' was not found.`);
  return index;
}
