import type { Context } from 'koa';

/** Where a request came from, for recordEvent: the client's address and its User-Agent. */
export function requestOrigin(ctx: Pick<Context, 'ip' | 'get'>): { ip: string | null; userAgent: string | null } {
  return { ip: ctx.ip || null, userAgent: ctx.get('user-agent') || null };
}
