import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

/**
 * The registry's one logger (pino): JSON lines on standard output, or readable lines through pino-pretty when
 * standard output is a terminal. `destination` replaces standard output (tests collect the lines). Whatever is
 * logged must never hold a header value, a body, a token or a password: callers log ids, routes and statuses.
 */
export function createRegistryLogger(options: { destination?: DestinationStream; level?: string } = {}): Logger {
  const settings = { base: { service: 'keybridge-registry' }, level: options.level ?? 'info' };
  if (options.destination) return pino(settings, options.destination);
  if (process.stdout.isTTY) return pino(settings, pretty({ colorize: true, sync: true }));
  return pino(settings);
}
