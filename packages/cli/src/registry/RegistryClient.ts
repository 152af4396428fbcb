import { RegistryError } from './RegistryError.js';

/** A signed-in session as the registry hands it out: its cookie value and the CSRF token bound to it. */
export interface RegistrySession {
  sessionId: string;
  csrfToken: string;
  /** When the registry forgets it (the cookie's Max-Age from the moment it was set), epoch ms. */
  expiresAt: number;
}

const sessionCookieName = 'keybridge_session';
const safeMethods = new Set(['GET', 'HEAD']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What one Set-Cookie header says about the session cookie: a new value and lifetime, a deletion, or nothing. */
function sessionFromCookie(header: string, now: number): { sessionId: string; expiresAt: number } | null | undefined {
  const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
  const equals = pair.indexOf('=');
  if (pair.slice(0, equals) !== sessionCookieName) return undefined;
  const value = pair.slice(equals + 1);
  const maxAge = attributes.map((attribute) => /^max-age=(-?\d+)$/i.exec(attribute)).find((match) => match !== null);
  const seconds = maxAge ? Number(maxAge[1]) : undefined;
  if (value === '' || (seconds !== undefined && seconds <= 0)) return null;
  // Without Max-Age the registry gives no end; 12 hours is its lifetime.
  return { sessionId: value, expiresAt: now + (seconds ?? 12 * 60 * 60) * 1000 };
}

/**
 * The registry's JSON API (/api/v1) over fetch, as a browser would use it: the session cookie it sets is kept and
 * sent back, and changing calls carry X-CSRF-Token. Failures are RegistryError with the registry's code and message.
 */
export class RegistryClient {
  private sessionId: string | undefined;
  private expiresAt = 0;
  private csrfToken: string | undefined;

  constructor(
    /** The registry's public URL, normalized (see registryUrl). */
    readonly url: string,
    private readonly signal: AbortSignal,
    private readonly userAgent: string,
    session?: RegistrySession,
  ) {
    if (session) {
      this.sessionId = session.sessionId;
      this.csrfToken = session.csrfToken;
      this.expiresAt = session.expiresAt;
    }
  }

  /** The session the last answers established, if any. */
  get session(): RegistrySession | undefined {
    if (this.sessionId === undefined || this.csrfToken === undefined) return undefined;
    return { sessionId: this.sessionId, csrfToken: this.csrfToken, expiresAt: this.expiresAt };
  }

  /** One call: `path` under the registry's URL, a JSON body or none; resolves with the JSON answer (undefined for 204). */
  async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.userAgent };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.sessionId !== undefined) headers.cookie = `${sessionCookieName}=${this.sessionId}`;
    if (this.csrfToken !== undefined && !safeMethods.has(method)) headers['x-csrf-token'] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: this.signal,
        redirect: 'manual',
      });
    } catch (error) {
      if (this.signal.aborted) throw this.signal.reason;
      const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
      const reason = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : String(error);
      throw new RegistryError('UNREACHABLE', `Cannot reach the registry at ${this.url}: ${reason}`, null, { cause: error });
    }
    const now = Date.now();
    for (const header of response.headers.getSetCookie()) {
      const session = sessionFromCookie(header, now);
      if (session === null) {
        this.sessionId = undefined;
        this.csrfToken = undefined;
      } else if (session) {
        this.sessionId = session.sessionId;
        this.expiresAt = session.expiresAt;
      }
    }
    const json: unknown = (response.headers.get('content-type') ?? '').includes('json') ? await response.json().catch(() => undefined) : undefined;
    if (!response.ok) {
      const error = isRecord(json) && isRecord(json.error) ? json.error : {};
      const code = typeof error.code === 'string' ? error.code : `http_${response.status}`;
      const message = typeof error.message === 'string' ? error.message : `${response.status} ${response.statusText}`;
      throw new RegistryError(code, message, response.status);
    }
    if (isRecord(json) && typeof json.csrfToken === 'string') this.csrfToken = json.csrfToken;
    if (response.status !== 204 && json === undefined) {
      throw new RegistryError('BAD_ANSWER', `${this.url} answered ${method} ${path} with something other than JSON: is it a keybridge registry?`, response.status);
    }
    return json;
  }
}
