import type { Context } from 'koa';
import { HttpError } from './HttpError.js';

/** The whole request body, refused with 413 past `limitBytes` and with 400 when the client stops sending it. For small bodies only. */
export async function readRequestBody(ctx: Context, limitBytes: number): Promise<Buffer> {
  const declared = ctx.request.length;
  if (declared !== undefined && declared > limitBytes) {
    throw new HttpError(413, 'body_too_large', `The request body is larger than ${limitBytes} bytes`);
  }
  const request = ctx.req;
  const chunks: Buffer[] = [];
  let size = 0;
  return new Promise<Buffer>((resolve, reject) => {
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        request.resume(); // let the rest drain so the answer can still be read
        reject(new HttpError(413, 'body_too_large', `The request body is larger than ${limitBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onAborted = () => {
      cleanup();
      reject(new HttpError(400, 'body_incomplete', 'The request body ended before it was complete'));
    };
    const onError = () => onAborted();
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('aborted', onAborted);
  });
}
