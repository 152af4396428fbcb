import { HttpError } from '../http/HttpError.js';
import type { ReleaseMetadata } from './ReleaseMetadata.js';

const metadataHelp = 'See https://packaging.python.org/specifications/core-metadata for more information.';

/**
 * The release metadata of an upload form (twine's fields: `description`, `description_content_type`, `author`, …,
 * `classifiers` and the other lists as repeated fields). Description-Content-Type must be one PyPI renders
 * (text/plain, text/x-rst, text/markdown; charset UTF-8; for Markdown the GFM or CommonMark variant): a 400 naming
 * the field otherwise, as is a single-valued field sent twice.
 */
export function readReleaseMetadata(fields: ReadonlyMap<string, readonly string[]>): ReleaseMetadata {
  const single = (field: string): string | null => {
    const values = (fields.get(field) ?? []).filter((value) => value !== '');
    if (values.length > 1) throw new HttpError(400, 'invalid_field', `Field '${field}' was sent more than once.`);
    return values[0] ?? null;
  };
  const list = (...names: string[]): string[] | null => {
    const values = names.flatMap((field) => fields.get(field) ?? []).filter((value) => value !== '');
    return values.length === 0 ? null : values;
  };

  const descriptionContentType = single('description_content_type');
  if (descriptionContentType !== null && !isRenderableContentType(descriptionContentType)) {
    throw new HttpError(
      400,
      'invalid_field',
      `'${descriptionContentType.slice(0, 100)}' is an invalid value for Description-Content-Type. Error: Use text/plain, text/x-rst or text/markdown (charset UTF-8; variant GFM or CommonMark). ${metadataHelp}`,
    );
  }
  const platforms = list('platform');
  const projectUrls = list('project_urls')?.map((value): [string, string] => {
    const comma = value.indexOf(',');
    return comma === -1 ? [value.trim(), ''] : [value.slice(0, comma).trim(), value.slice(comma + 1).trim()];
  });
  return {
    description: single('description'),
    descriptionContentType,
    author: single('author'),
    authorEmail: single('author_email'),
    maintainer: single('maintainer'),
    maintainerEmail: single('maintainer_email'),
    license: single('license'),
    licenseExpression: single('license_expression'),
    keywords: single('keywords'),
    homePage: single('home_page'),
    downloadUrl: single('download_url'),
    platform: platforms === null ? null : platforms.join(', '),
    classifiers: list('classifiers'),
    requiresDist: list('requires_dist'),
    providesExtra: list('provides_extra', 'provides_extras'),
    dynamic: list('dynamic'),
    licenseFiles: list('license_file', 'license_files'),
    projectUrls: projectUrls ?? null,
  };
}

function isRenderableContentType(value: string): boolean {
  const [type = '', ...parameterTexts] = value.split(';');
  const parameters = new Map(
    parameterTexts.map((text) => {
      const equals = text.indexOf('=');
      return [text.slice(0, equals === -1 ? undefined : equals).trim().toLowerCase(), equals === -1 ? '' : text.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1')];
    }),
  );
  const mediaType = type.trim().toLowerCase();
  if (!['text/plain', 'text/x-rst', 'text/markdown'].includes(mediaType)) return false;
  const charset = parameters.get('charset');
  if (charset !== undefined && !['utf-8', 'utf8'].includes(charset.toLowerCase())) return false;
  const variant = parameters.get('variant');
  if (variant !== undefined && (mediaType !== 'text/markdown' || !['gfm', 'commonmark'].includes(variant.toLowerCase()))) return false;
  return true;
}

/** The releases columns (migration 0005) of `metadata`. */
export function releaseMetadataRow(metadata: ReleaseMetadata): Record<string, string | null> {
  const json = (value: unknown[] | null) => (value === null ? null : JSON.stringify(value));
  return {
    description: metadata.description,
    description_content_type: metadata.descriptionContentType,
    author: metadata.author,
    author_email: metadata.authorEmail,
    maintainer: metadata.maintainer,
    maintainer_email: metadata.maintainerEmail,
    license: metadata.license,
    license_expression: metadata.licenseExpression,
    keywords: metadata.keywords,
    home_page: metadata.homePage,
    download_url: metadata.downloadUrl,
    platform: metadata.platform,
    classifiers: json(metadata.classifiers),
    requires_dist: json(metadata.requiresDist),
    provides_extra: json(metadata.providesExtra),
    dynamic: json(metadata.dynamic),
    license_files: json(metadata.licenseFiles),
    project_urls: json(metadata.projectUrls),
  };
}
