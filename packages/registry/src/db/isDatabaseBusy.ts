/**
 * SQLite's "busy"/"locked" (another process held the write lock past the busy timeout) and PostgreSQL's lock timeout
 * (55P03), deadlock (40P01) and serialization failure (40001): the database turned the request down because of
 * other writers, not because of the request, and the same request may well succeed a moment later.
 */
const busyCodes = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', '40001', '40P01', '55P03']);

/** Whether `error` (as knex passes on the driver's error) says the database is busy rather than broken. */
export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && busyCodes.has(code);
}
