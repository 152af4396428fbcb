import { escapeHtml } from '../http/escapeHtml.js';
import type { ListedProject } from './listProjects.js';
import { simpleApiVersion } from './SimpleFormat.js';

/** The root of the Simple API in HTML (PEP 503): one anchor per project, linked relative to /simple/. */
export function renderIndexHtml(projects: readonly ListedProject[]): string {
  const links = projects.map((project) => `    <a href="${escapeHtml(encodeURIComponent(project.normalizedName))}/">${escapeHtml(project.name)}</a><br>\n`);
  return (
    '<!DOCTYPE html>\n<html>\n  <head>\n' +
    `    <meta name="pypi:repository-version" content="${simpleApiVersion}">\n` +
    '    <title>Simple index</title>\n  </head>\n  <body>\n' +
    links.join('') +
    '  </body>\n</html>\n'
  );
}
