/*
 * The core metadata of a release, as the upload form of its first file gave it (as PyPI keeps it), for the JSON API.
 *
 * releases  + description (the README, nullable), description_content_type, author, author_email, maintainer,
 *           maintainer_email, license, license_expression, keywords (as sent, one string), home_page, download_url,
 *           platform (the values sent, joined with ', '), all nullable text; + classifiers, requires_dist,
 *           provides_extra, dynamic, license_files (JSON arrays of strings), project_urls (a JSON array of
 *           [label, url] pairs, in order): nullable text, null when none were sent.
 */
import type { Knex } from 'knex';

export const releaseMetadataColumns = [
  'description',
  'description_content_type',
  'author',
  'author_email',
  'maintainer',
  'maintainer_email',
  'license',
  'license_expression',
  'keywords',
  'home_page',
  'download_url',
  'platform',
  'classifiers',
  'requires_dist',
  'provides_extra',
  'dynamic',
  'license_files',
  'project_urls',
] as const;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('releases', (table) => {
    for (const column of releaseMetadataColumns) table.text(column).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('releases', (table) => {
    for (const column of releaseMetadataColumns) table.dropColumn(column);
  });
}
