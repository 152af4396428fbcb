import type { Context } from 'koa';
import type { RegistryConfig } from '../config/RegistryConfig.js';
import { serializeCookie } from '../http/serializeCookie.js';
import { flashCookieName, flashMessages, type FlashMessage } from './flashMessages.js';

/** The message a redirect left (setFlashMessage), cleared so that it shows once; null when there is none. */
export function takeFlashMessage(ctx: Pick<Context, 'append' | 'cookies'> & { state: { config: Pick<RegistryConfig, 'publicUrl'> } }): FlashMessage | null {
  const key = ctx.cookies.get(flashCookieName);
  if (key === undefined) return null;
  ctx.append('Set-Cookie', serializeCookie(flashCookieName, '', { maxAgeSeconds: 0, httpOnly: true, secure: ctx.state.config.publicUrl.startsWith('https:'), sameSite: 'Lax' }));
  return Object.hasOwn(flashMessages, key) ? flashMessages[key as keyof typeof flashMessages] : null;
}
