import type { Context } from 'koa';
import type { RegistryConfig } from '../config/RegistryConfig.js';
import { serializeCookie } from '../http/serializeCookie.js';
import { flashCookieName, type FlashKey } from './flashMessages.js';

/** Leaves `key`'s message for the next page this browser renders (a one-minute cookie that renderPage reads and clears). */
export function setFlashMessage(ctx: Pick<Context, 'append'> & { state: { config: Pick<RegistryConfig, 'publicUrl'> } }, key: FlashKey): void {
  ctx.append('Set-Cookie', serializeCookie(flashCookieName, key, { maxAgeSeconds: 60, httpOnly: true, secure: ctx.state.config.publicUrl.startsWith('https:'), sameSite: 'Lax' }));
}
