import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

/**
 * A registry logger (pino; one for events and errors, a buffered one for the access log): JSON lines on standard output, or readable lines through pino-pretty when
 * standard output is a terminal. `destination` replaces standard output (tests collect the lines). Whatever is
 * logged must never hold a header value, a body, a token or a password: callers log ids, routes and statuses.
 */
export function createRegistryLogger(options: { destination?: DestinationStream; level?: string; buffered?: boolean } = {}): Logger {
  // pid: tells the processes of `serve --workers N` apart.
  const settings = { base: { service: 'keybridge-registry', pid: process.pid }, level: options.level ?? 'info' };
  if (options.destination) return pino(settings, options.destination);
  if (process.stdout.isTTY) return pino(settings, pretty({ colorize: true, sync: true }));
  // `buffered` (the access log: lines go out in blocks of 4 KiB, and on flush): a write system call per request cost
  // /simple/ about a third of its rate. What a killed process loses is its last few access lines, never an error.
  return pino(settings, options.buffered ? pino.destination({ dest: 1, sync: false, minLength: 4096 }) : undefined);
}
