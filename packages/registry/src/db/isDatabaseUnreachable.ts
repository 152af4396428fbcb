/**
 * Socket errors of connecting to the database server. Only errors of connecting: the registry never connects to its
 * clients, whereas a reset or a broken pipe may just as well be an uploader that went away.
 */
const connectCodes = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** PostgreSQL shutting down or starting up: admin_shutdown, crash_shutdown, cannot_connect_now. */
const serverUnavailableCodes = new Set(['57P01', '57P02', '57P03']);

/**
 * Whether `error` (as knex passes on the driver's error) says the database server cannot be reached at all — down,
 * restarting, or the network to it gone — rather than that the request or the data is at fault. SQLite, a file in
 * this process, is never unreachable in this sense.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    // SQLSTATE class 08: connection exceptions.
    return connectCodes.has(code) || serverUnavailableCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code);
  }
  // node-postgres reports a connection the server closed under a query with this message and no code.
  return typeof message === 'string' && /^Connection terminated( unexpectedly| due to connection timeout)?$/.test(message);
}
