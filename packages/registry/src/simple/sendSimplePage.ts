import type { RegistryContext } from '../app/RegistryState.js';
import type { IndexPage } from './IndexPage.js';
import { sendIndexPage } from './sendIndexPage.js';
import { SimpleFormat } from './SimpleFormat.js';

/** Answers with a rendered Simple API page in the negotiated format (`Vary: Accept`: the format came from it). */
export function sendSimplePage(ctx: RegistryContext, format: SimpleFormat, page: IndexPage): void {
  ctx.set('Vary', 'Accept');
  sendIndexPage(ctx, page, format === SimpleFormat.json ? format : `${format}; charset=utf-8`);
}
