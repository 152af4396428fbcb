import type { Context } from 'koa';
import type { RegistryConfig } from '../config/RegistryConfig.js';
import { serializeCookie } from '../http/serializeCookie.js';
import { sessionCookieName, sessionLifetimeMs } from './accountRules.js';

/** Sends the session cookie (HttpOnly, SameSite=Lax, Secure when the public URL is https); a null id deletes it. */
export function setSessionCookie(ctx: Pick<Context, 'append'>, config: Pick<RegistryConfig, 'publicUrl'>, sessionId: string | null): void {
  ctx.append(
    'Set-Cookie',
    serializeCookie(sessionCookieName, sessionId ?? '', {
      maxAgeSeconds: sessionId === null ? 0 : sessionLifetimeMs / 1000,
      httpOnly: true,
      secure: config.publicUrl.startsWith('https:'),
      sameSite: 'Lax',
    }),
  );
}
