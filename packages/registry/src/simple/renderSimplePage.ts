import { createHash } from 'node:crypto';
import type { SimplePage } from './SimplePage.js';

/** A page from its text: UTF-8 bytes and a strong ETag of them (so that cached and fresh answers tag alike). */
export function renderSimplePage(text: string, lastSerial: number): SimplePage {
  const body = Buffer.from(text, 'utf8');
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"`, lastSerial };
}
