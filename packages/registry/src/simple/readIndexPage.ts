import type { RegistryContext } from '../app/RegistryState.js';
import type { CachedIndexPage, IndexPageSubject } from './IndexPageCache.js';

/** Set on a page served from the cache because the database could not be reached to check it. */
export const stalePageHeader = 'X-Keybridge-Stale';

/**
 * The page of (subject, view): the cached one while the change feed says the cache is current, else `render()`'s
 * (kept when current, unless the index changed while it was read). When the database cannot be reached, the last
 * page cached is served instead, marked stale, rather than nothing: readers (pip, bots) keep working through an outage.
 */
export async function readIndexPage(
  ctx: RegistryContext,
  subject: IndexPageSubject,
  view: string,
  render: () => Promise<CachedIndexPage>,
): Promise<CachedIndexPage> {
  const { indexPages, indexChanges, databaseAvailability } = ctx.state;
  const current = indexChanges.isCurrent();
  if (current) {
    const hit = indexPages.get(subject, view);
    if (hit !== undefined) return hit;
  }
  // Taken before the read: an invalidation during it means the rows may predate the change.
  const version = indexPages.version();
  let page: CachedIndexPage;
  try {
    page = await render();
  } catch (error) {
    const stale = databaseAvailability.failed(error) ? indexPages.get(subject, view) : undefined;
    if (stale === undefined) throw error;
    ctx.set(stalePageHeader, 'database-unreachable');
    return stale;
  }
  if (current) indexPages.set(subject, view, page, version);
  return page;
}
