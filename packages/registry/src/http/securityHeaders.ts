import type { Middleware } from 'koa';

/** Headers every answer carries: no MIME sniffing, no framing (clickjacking of the forms), no cross-origin referrers. */
export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'same-origin');
    await next();
  };
}
