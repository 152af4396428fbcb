export interface CookieOptions {
  /** Seconds until the browser drops it; 0 deletes it; undefined makes a session cookie. */
  maxAgeSeconds?: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Lax' | 'Strict';
  path?: string;
}

/**
 * A Set-Cookie value. Written here rather than through ctx.cookies, which refuses Secure cookies whenever Koa itself
 * does not see https (a TLS-terminating proxy without trustProxy): Secure follows the configured public URL instead.
 * `value` must already be cookie-safe (base64url is).
 */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${value}`, `Path=${options.path ?? '/'}`];
  if (options.maxAgeSeconds !== undefined) {
    parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`);
    parts.push(`Expires=${new Date(Date.now() + Math.max(0, options.maxAgeSeconds) * 1000).toUTCString()}`);
  }
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  parts.push(`SameSite=${options.sameSite}`);
  return parts.join('; ');
}
