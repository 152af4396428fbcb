import { describe, expect, it } from 'vitest';
import { isDatabaseUnreachable } from './isDatabaseUnreachable.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnreachable', () => {
  it('knows a server that cannot be connected to, is shutting down or starting, or cut the connection', () => {
    for (const error of [
      withCode('ECONNREFUSED'),
      withCode('ENOTFOUND'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P03', 'the database system is starting up'),
      withCode('08006'),
      new Error('Connection terminated unexpectedly'),
    ]) {
      expect(isDatabaseUnreachable(error), String((error as { code?: string }).code ?? error.message)).toBe(true);
    }
  });

  it('does not take a client that went away, a busy or broken query, or anything else for an outage', () => {
    for (const error of [
      withCode('ECONNRESET'),
      withCode('EPIPE'),
      withCode('SQLITE_BUSY'),
      withCode('40001'),
      withCode('23505', 'duplicate key'),
      withCode('42P01', 'relation does not exist'),
      new Error('Connection terminated unexpectedly, and then some'),
      'ECONNREFUSED',
      null,
    ]) {
      expect(isDatabaseUnreachable(error), String(error)).toBe(false);
    }
  });
});
