/** Whether a failed write broke a unique index: PostgreSQL's 23505, SQLite's SQLITE_CONSTRAINT "UNIQUE constraint failed". */
export function isUniqueViolation(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === '23505' || (code === 'SQLITE_CONSTRAINT' && typeof message === 'string' && message.includes('UNIQUE'));
}
