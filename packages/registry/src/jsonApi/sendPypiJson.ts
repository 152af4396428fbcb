import type { RegistryContext } from '../app/RegistryState.js';
import type { IndexPage } from '../simple/IndexPage.js';
import { sendIndexPage } from '../simple/sendIndexPage.js';

/** Answers with a rendered JSON API document, readable from any origin (public data, as on PyPI). */
export function sendPypiJson(ctx: RegistryContext, page: IndexPage): void {
  ctx.set('Access-Control-Allow-Origin', '*');
  sendIndexPage(ctx, page, 'application/json');
}
