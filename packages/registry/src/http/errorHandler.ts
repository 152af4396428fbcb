import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { RegistryContext, RegistryState } from '../app/RegistryState.js';
import { isDatabaseBusy } from '../db/isDatabaseBusy.js';
import { StorageUnavailableError } from '../storage/StorageUnavailableError.js';
import { HttpError } from './HttpError.js';
import { statusLine } from './statusLine.js';

export interface ErrorHandlerOptions {
  /** Where unexpected errors are written (default stderr). Gets the request id, method, path and stack: never a body, header or query. */
  log?: (line: string) => void;
  /** Told of every failure; answers whether it means the database cannot be reached (then 503, logged there once). */
  databaseAvailability?: { failed(error: unknown): boolean };
  /** Error answers for people: an HTML page in the site's layout (see pages/errorPage.ts), for the requests it wants. */
  errorPage?: ErrorPage;
}

/** How errors become HTML pages for browsers (everything else, and every tool, gets plain text or JSON). */
export interface ErrorPage {
  /** Whether this request (not under /api/) should get its error as a page. */
  wanted(ctx: RegistryContext): boolean;
  /** Sets the page as the body (the status and status line are set afterwards). */
  render(ctx: RegistryContext, answer: { status: number; message: string }): void;
}

/**
 * The outermost middleware: gives every request an id (X-Request-Id), turns thrown errors into answers — JSON
 * `{ error: { code, message } }` under /api/, an HTML page where options.errorPage wants one, plain text elsewhere, the message also in the status line — and
 * answers anything unexpected with a 500 that names the request id, logged here without secrets. A database too busy
 * to take the request (other writers held it past the busy timeout) is a 503 with Retry-After, logged too. A database
 * that cannot be reached at all is a 503 with Retry-After as well, logged by databaseAvailability once per outage;
 * so is file storage that cannot be reached (StorageUnavailableError), logged with each request.
 */
export function errorHandler(options: ErrorHandlerOptions = {}): Middleware<RegistryState> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const wantsPage = (ctx: RegistryContext) => options.errorPage !== undefined && !isApi(ctx.path) && options.errorPage.wanted(ctx);
  // A page that fails to render is logged and the plain answer sent instead: an error must always be answered.
  const renderedPage = (ctx: RegistryContext, answer: Answer) => {
    try {
      options.errorPage!.render(ctx, answer);
      return true;
    } catch (error) {
      log(`keybridge-registry: request ${ctx.state.requestId} ${ctx.method} ${ctx.path}: the error page failed: ${describe(error)}`);
      return false;
    }
  };
  return async (ctx, next) => {
    // accessLog (outermost, when logging) may have named the request already: the proxy's X-Request-Id.
    const requestId = ctx.state.requestId || randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
      // Koa's bare 404 (no route) becomes an error answer where it has a form of its own: JSON, or a page.
      if (ctx.status === 404 && ctx.body == null && (isApi(ctx.path) || wantsPage(ctx))) throw new HttpError(404, 'not_found', 'Not Found');
    } catch (error) {
      const unreachable = options.databaseAvailability?.failed(error) ?? false;
      const answer = unreachable ? databaseUnavailable : toAnswer(error, requestId);
      if (answer.status >= 500 && !unreachable) log(`keybridge-registry: request ${requestId} ${ctx.method} ${ctx.path} failed: ${describe(error)}`);
      if (ctx.headerSent || !ctx.writable) {
        ctx.req.socket.destroy();
        return;
      }
      // Drop headers a handler set for the answer it did not finish; keep cookies and the security headers.
      for (const name of ctx.res.getHeaderNames()) if (representationHeaders.has(name)) ctx.res.removeHeader(name);
      for (const [name, value] of Object.entries(answer.headers)) ctx.set(name, value);
      ctx.status = answer.status;
      if (isApi(ctx.path)) {
        ctx.body = { error: { code: answer.code, message: answer.message, ...(answer.status >= 500 ? { requestId } : {}) } };
      } else if (!(wantsPage(ctx) && renderedPage(ctx, answer))) {
        ctx.type = 'text/plain; charset=utf-8';
        ctx.body = `${answer.message}\n`;
      }
      // Set last: rendering a page sets the status again, which resets the status line.
      ctx.status = answer.status;
      ctx.message = statusLine(answer.message) || 'Error';
    }
  };
}

const representationHeaders = new Set([
  'accept-ranges',
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-length',
  'content-range',
  'content-type',
  'etag',
  'expires',
  'last-modified',
  'location',
]);

interface Answer {
  status: number;
  code: string;
  message: string;
  headers: Readonly<Record<string, string>>;
}

const databaseUnavailable: Answer = {
  status: 503,
  code: 'database_unavailable',
  message: 'The registry cannot reach its database; try again shortly.',
  headers: { 'Retry-After': '5' },
};

function toAnswer(error: unknown, requestId: string): Answer {
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message, headers: error.headers };
  // Errors Koa and the router raise themselves (ctx.throw, 405 Method Not Allowed, …) carry a client status.
  const status = (error as { status?: unknown } | null)?.status;
  // 501 is the router's deliberate answer to a method it does not know, not a failure of the server.
  if (typeof status === 'number' && ((status >= 400 && status < 500) || status === 501)) {
    const expose = (error as { expose?: unknown }).expose === true;
    const headers = (error as { headers?: unknown }).headers;
    return {
      status,
      code: status === 405 ? 'method_not_allowed' : status === 404 ? 'not_found' : status === 501 ? 'not_implemented' : 'bad_request',
      message: expose && error instanceof Error ? error.message : status === 501 ? 'Not Implemented' : 'Bad Request',
      headers: isStringRecord(headers) ? headers : {},
    };
  }
  if (isDatabaseBusy(error)) {
    return { status: 503, code: 'database_busy', message: 'The database is busy; try again in a moment.', headers: { 'Retry-After': '1' } };
  }
  if (error instanceof StorageUnavailableError) {
    return { status: 503, code: error.code, message: 'The registry cannot reach its file storage; try again shortly.', headers: { 'Retry-After': '5' } };
  }
  return { status: 500, code: 'internal_error', message: `Internal server error (request id ${requestId})`, headers: {} };
}

function isApi(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((entry) => typeof entry === 'string');
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
