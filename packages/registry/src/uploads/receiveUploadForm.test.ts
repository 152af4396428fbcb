import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpError } from '../http/HttpError.js';
import { LocalFileStorage } from '../storage/LocalFileStorage.js';
import { ReadBufferReclaimer } from './ReadBufferReclaimer.js';
import { receiveUploadForm, type ReceiveUploadFormOptions } from './receiveUploadForm.js';

const boundary = '----receiveUploadFormTest';
const file = Buffer.alloc(1024 * 1024, 7);
const body = Buffer.concat([
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nexample\r\n`),
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="content"; filename="example-1.0.tar.gz"\r\n\r\n`),
  file,
  Buffer.from(`\r\n--${boundary}--\r\n`),
]);

let root: string;
let server: Server | undefined;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'keybridge-receive-form-'));
});
afterEach(async () => {
  server?.close();
  server = undefined;
  await rm(root, { recursive: true, force: true });
});

/** A reclaimer that collects every 64 KiB, counting the bytes it is fed and its collections. */
function countingReclaimer() {
  const counted = { bytes: 0, collections: 0 };
  const reclaimer = new ReadBufferReclaimer({ everyBytes: 64 * 1024, collect: () => counted.collections++ });
  const add = reclaimer.add.bind(reclaimer);
  reclaimer.add = (bytes: number) => {
    counted.bytes += bytes;
    add(bytes);
  };
  return { reclaimer, counted };
}

/** POSTs `body` to a server that receives it with receiveUploadForm and answers once the body has been read whole. */
async function receive(options: Omit<ReceiveUploadFormOptions, 'storage' | 'maxFileBytes'>, requestBody = body): Promise<{ status: number; text: string }> {
  const storage = new LocalFileStorage(root);
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const ended = once(req, 'end');
    receiveUploadForm(req, res, { storage, maxFileBytes: 10 * 1024 * 1024, ...options }).then(
      async (form) => {
        if (form.content) await storage.discard(form.content.temporaryPath);
        res.end(`${form.content?.size}`);
      },
      async (error: unknown) => {
        await ended;
        res.statusCode = error instanceof HttpError ? error.status : 500;
        res.end();
      },
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: requestBody });
  return { status: response.status, text: await response.text() };
}

describe('receiveUploadForm', () => {
  it('feeds every byte of the body to the read buffer reclaimer', async () => {
    const { reclaimer, counted } = countingReclaimer();
    expect(await receive({ reclaimer })).toEqual({ status: 200, text: String(file.length) });
    expect(counted.bytes).toBe(body.length);
    expect(counted.collections).toBeGreaterThanOrEqual(8);
  });

  it('feeds the bytes it drops after a refusal too, once', async () => {
    const { reclaimer, counted } = countingReclaimer();
    const beforeContent = () => Promise.reject(new HttpError(403, 'not_allowed', 'Not allowed.'));
    expect(await receive({ reclaimer, beforeContent })).toEqual({ status: 403, text: '' });
    expect(counted.bytes).toBe(body.length);
  });

  it('reads text fields as UTF-8 (also when a part declares its charset) and refuses bytes that are not UTF-8', async () => {
    // Known limit: a part that declares a charset is decoded by busboy; if its text has no character past U+00FF,
    // it cannot be told from a part without one (read byte for byte), so it must then be UTF-8 too.
    const field = (name: string, value: Buffer, contentType?: string) =>
      Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n${contentType ? `Content-Type: ${contentType}\r\n` : ''}\r\n`), value, Buffer.from('\r\n')]);
    const withFields = (...fields: Buffer[]) => Buffer.concat([...fields, body]);
    let seen: ReadonlyMap<string, readonly string[]> | null = null;
    const beforeContent = async (fields: ReadonlyMap<string, readonly string[]>) => {
      seen = new Map(fields);
    };
    const text = 'Café ☕ naïve 𝄞';
    const ok = withFields(field('summary', Buffer.from(text)), field('license', Buffer.from(text), 'text/plain; charset=UTF-8'));
    expect(await receive({ beforeContent }, ok)).toEqual({ status: 200, text: String(file.length) });
    expect(seen).toEqual(new Map([['summary', [text]], ['license', [text]], ['name', ['example']]]));

    const latin1 = withFields(field('summary', Buffer.from('Café', 'latin1')));
    expect(await receive({}, latin1)).toEqual({ status: 400, text: '' });
  });
});
