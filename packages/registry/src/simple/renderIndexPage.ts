import { createHash } from 'node:crypto';
import type { IndexPage } from './IndexPage.js';

/** A page from its text: UTF-8 bytes and a strong ETag of them (so that cached and fresh answers tag alike). */
export function renderIndexPage(text: string, lastSerial: number, spelling?: IndexPage['spelling']): IndexPage {
  const body = Buffer.from(text, 'utf8');
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"`, lastSerial, ...(spelling ? { spelling } : {}) };
}
