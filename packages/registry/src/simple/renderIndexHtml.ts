import { escapeHtml } from '../http/escapeHtml.js';
import type { IndexBodyParts } from './IndexBodyParts.js';
import { simpleApiVersion } from './SimpleFormat.js';

/** The root of the Simple API in HTML (PEP 503): one anchor per project, linked relative to /simple/. */
export const indexHtmlParts: IndexBodyParts = {
  head:
    '<!DOCTYPE html>\n<html>\n  <head>\n' +
    `    <meta name="pypi:repository-version" content="${simpleApiVersion}">\n` +
    '    <title>Simple index</title>\n  </head>\n  <body>\n',
  entries: (projects) => projects.map((project) => `    <a href="${escapeHtml(encodeURIComponent(project.normalizedName))}/">${escapeHtml(project.name)}</a><br>\n`).join(''),
  tail: '  </body>\n</html>\n',
};
