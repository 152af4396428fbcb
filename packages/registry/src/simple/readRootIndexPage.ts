import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { IndexPage } from './IndexPage.js';
import { joinIndexBody } from './IndexBodyParts.js';
import { listProjects } from './listProjects.js';
import { readIndexStats } from './readIndexStats.js';
import { renderIndexPage } from './renderIndexPage.js';
import { rootIndexPageSize } from './rootIndexPageSize.js';
import { rootIndexParts } from './rootIndexParts.js';
import type { SimpleFormat } from './SimpleFormat.js';

/**
 * The root of the Simple API in `format`, for the page cache: rendered whole (ETag: the body's hash) while the index
 * fits in one page of rootIndexPageSize projects; beyond that a streamed page (no body) whose ETag is made of
 * readIndexStats, so that a revalidation costs no more than those counts, and nothing once cached. The counts are
 * read before the projects: a body written afterwards is never older than the ETag it is sent with.
 */
export async function readRootIndexPage(db: Knex, format: SimpleFormat): Promise<IndexPage> {
  const stats = await readIndexStats(db);
  if (stats.projects <= rootIndexPageSize) {
    // One more than a page: projects created since the counts were read may make it more than one.
    const projects = await listProjects(db, null, rootIndexPageSize + 1);
    if (projects.length <= rootIndexPageSize) return renderIndexPage(joinIndexBody(rootIndexParts(format, stats.lastSerial), projects), stats.lastSerial);
  }
  const tag = createHash('sha256').update(`${format} ${stats.projects} ${stats.newestProjectId} ${stats.lastSerial}`).digest('base64url');
  return { body: Buffer.alloc(0), etag: `"${tag}"`, lastSerial: stats.lastSerial, streamed: true };
}
