import type { Context } from 'koa';
import { HttpError } from './HttpError.js';
import { readRequestBody } from './readRequestBody.js';

/**
 * The request's JSON body (what it holds is for the caller to check). Only `Content-Type: application/json` is
 * accepted: a cross-site HTML form cannot send that without a CORS preflight, which this server never grants.
 */
export async function readJsonBody(ctx: Context, limitBytes = 64 * 1024): Promise<unknown> {
  if (!ctx.is('application/json', '+json')) {
    throw new HttpError(415, 'unsupported_media_type', 'Expected a JSON body (Content-Type: application/json)');
  }
  const bytes = await readRequestBody(ctx, limitBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new HttpError(400, 'invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}
