import type { Knex } from 'knex';
import type { FileStorage } from '../storage/FileStorage.js';

/** What GET /readyz checks: each check 'ok', or a short reason (no paths, no server error text). */
export interface Readiness {
  ready: boolean;
  checks: { database: 'ok' | 'unreachable'; storage: 'ok' | 'not writable' | 'unreachable' };
}

/** A key looked up (never written) to see that the store answers: object storage can be down while local disk is fine. */
const probeKey = 'readyz-probe';

/** How long one check may take before it counts as failed. */
const checkTimeoutMs = 3000;

/**
 * Whether this process can serve: the database answers a query, the storage takes a new file (a temporary
 * file, created and discarded: the same path an upload writes through), and the store answers a lookup. The checks run at once.
 */
export async function checkReadiness(deps: { db: Knex; storage: FileStorage }): Promise<Readiness> {
  const [database, storage, reachable] = await Promise.all([
    passes(() => deps.db.raw('select 1')),
    passes(async () => {
      const file = await deps.storage.createTemporaryFile();
      try {
        await file.handle.close();
      } finally {
        await deps.storage.discard(file.path);
      }
    }),
    passes(() => deps.storage.modifiedMs(probeKey)),
  ]);
  return {
    ready: database && storage && reachable,
    checks: { database: database ? 'ok' : 'unreachable', storage: !storage ? 'not writable' : reachable ? 'ok' : 'unreachable' },
  };
}

async function passes(check: () => PromiseLike<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), checkTimeoutMs);
    });
    await Promise.race([Promise.resolve().then(check), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
