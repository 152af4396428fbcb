import type { Context } from 'koa';
import { HttpError } from './HttpError.js';
import { readRequestBody } from './readRequestBody.js';

/** The fields of an HTML form post (application/x-www-form-urlencoded, what a plain <form method="post"> sends). */
export async function readFormBody(ctx: Context, limitBytes = 64 * 1024): Promise<URLSearchParams> {
  if (!ctx.is('application/x-www-form-urlencoded')) {
    throw new HttpError(415, 'unsupported_media_type', 'Expected a form post (Content-Type: application/x-www-form-urlencoded)');
  }
  const bytes = await readRequestBody(ctx, limitBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'invalid_form', 'The form is not valid UTF-8');
  }
  return new URLSearchParams(text);
}
