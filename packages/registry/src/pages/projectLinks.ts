import type { ReleaseMetadata } from '../uploads/ReleaseMetadata.js';

/** The links of a release's metadata (Home-page, Download-URL, Project-URL), only those that are http(s) URLs. */
export function projectLinks(metadata: ReleaseMetadata | null): Array<{ label: string; url: string }> {
  if (metadata === null) return [];
  const candidates: Array<[string, string | null]> = [['Homepage', metadata.homePage], ['Download', metadata.downloadUrl], ...(metadata.projectUrls ?? [])];
  const links: Array<{ label: string; url: string }> = [];
  for (const [label, url] of candidates) {
    if (url === null || !isWebUrl(url.trim())) continue;
    if (links.some((link) => link.url === url.trim())) continue;
    links.push({ label: label.trim() || url.trim(), url: url.trim() });
  }
  return links;
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
