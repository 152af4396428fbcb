import { Readable } from 'node:stream';
import type { Knex } from 'knex';
import type { RegistryContext } from '../app/RegistryState.js';
import { listProjects, type ListedProject } from './listProjects.js';
import { rootIndexPageSize } from './rootIndexPageSize.js';
import { rootIndexParts } from './rootIndexParts.js';
import type { SimpleFormat } from './SimpleFormat.js';

/**
 * The body of a streamed root index (see readRootIndexPage): read a keyset page of projects at a time and written as
 * the client takes it (back-pressure), so the registry holds one page, not the index. The first page is read before
 * this resolves: a database that cannot be reached fails the request (503) before its first byte. One that fails
 * later is reported to databaseAvailability and the response is cut off (Koa destroys the connection), so that a
 * client never takes a truncated index for a whole one. Each page is its own query, not one long transaction that
 * a slow client would hold open: a project created meanwhile shows if it sorts after the page being written.
 */
export async function streamRootIndex(ctx: RegistryContext, db: Knex, format: SimpleFormat, lastSerial: number): Promise<Readable> {
  const parts = rootIndexParts(format, lastSerial);
  const first = await listProjects(db, null, rootIndexPageSize);
  async function* pages(): AsyncGenerator<Buffer> {
    yield Buffer.from(parts.head + parts.entries(first, true), 'utf8');
    let page: ListedProject[] = first;
    while (page.length === rootIndexPageSize) {
      try {
        page = await listProjects(db, page.at(-1)!.normalizedName, rootIndexPageSize);
      } catch (error) {
        ctx.state.databaseAvailability.failed(error);
        throw error;
      }
      if (page.length > 0) yield Buffer.from(parts.entries(page, false), 'utf8');
    }
    yield Buffer.from(parts.tail, 'utf8');
  }
  return Readable.from(pages(), { objectMode: false });
}
