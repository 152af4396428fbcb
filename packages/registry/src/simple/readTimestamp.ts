/**
 * A timestamp column as a Date, whichever way the driver returned it: pg gives Dates, SQLite the epoch
 * milliseconds knex wrote (as a number, or as digits when read through an expression).
 */
export function readTimestamp(value: string | number | Date): Date {
  if (typeof value === 'string' && /^\d+$/.test(value)) return new Date(Number(value));
  return new Date(value);
}
