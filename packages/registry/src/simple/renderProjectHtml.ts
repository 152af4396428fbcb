import { escapeHtml } from '../http/escapeHtml.js';
import { filePath } from './filePath.js';
import type { ProjectIndex } from './ProjectIndex.js';
import { simpleApiVersion } from './SimpleFormat.js';

/**
 * A project's page of the Simple API in HTML (PEP 503), served at /simple/<normalized name>/: one anchor per file,
 * linked relative to the page, with its sha256 in the fragment, `data-requires-python` (PEP 503), `data-yanked`
 * (PEP 592) and, for wheels, the metadata's hash under both PEP 714's name and PEP 658's (which pip < 23.3 reads).
 */
export function renderProjectHtml(index: ProjectIndex): string {
  const title = `Links for ${escapeHtml(index.name)}`;
  const links = index.files.map((file) => {
    let attributes = ` href="../../${escapeHtml(filePath(file.sha256, file.filename))}#sha256=${file.sha256}"`;
    if (file.requiresPython !== null) attributes += ` data-requires-python="${escapeHtml(file.requiresPython)}"`;
    if (file.metadataSha256 !== null) {
      attributes += ` data-dist-info-metadata="sha256=${file.metadataSha256}" data-core-metadata="sha256=${file.metadataSha256}"`;
    }
    if (file.yanked) attributes += ` data-yanked="${escapeHtml(file.yankedReason ?? '')}"`;
    return `    <a${attributes}>${escapeHtml(file.filename)}</a><br>\n`;
  });
  return (
    '<!DOCTYPE html>\n<html>\n  <head>\n' +
    `    <meta name="pypi:repository-version" content="${simpleApiVersion}">\n` +
    `    <title>${title}</title>\n  </head>\n  <body>\n    <h1>${title}</h1>\n` +
    links.join('') +
    '  </body>\n</html>\n'
  );
}
