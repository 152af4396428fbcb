import type { IncomingMessage, ServerResponse } from 'node:http';
import busboy from 'busboy';
import { HttpError } from '../http/HttpError.js';
import type { FileStorage } from '../storage/FileStorage.js';
import type { HashedFile } from './HashedFile.js';
import { discardRequestBody } from './discardRequestBody.js';
import type { ReadBufferReclaimer } from './ReadBufferReclaimer.js';
import { uploadReadBufferReclaimer } from './uploadReadBufferReclaimer.js';
import { writeHashedTemporaryFile } from './writeHashedTemporaryFile.js';

/** The form of one upload: its fields (every value, in order) and the file, received into a temporary file. */
export interface UploadForm {
  fields: Map<string, string[]>;
  /** The `content` part, or null if the form had none. The caller owns its temporary file (put or discard it). */
  content: (HashedFile & { filename: string }) | null;
}

export interface ReceiveUploadFormOptions {
  storage: FileStorage;
  maxFileBytes: number;
  /**
   * Runs when the `content` part begins, with the fields received before it (twine sends the file last, so all of
   * them): throwing refuses the upload before its bytes are read.
   */
  beforeContent?: (fields: ReadonlyMap<string, readonly string[]>, filename: string) => Promise<void>;
  /** Counts the body's bytes to free its read buffers early (default the process-wide uploadReadBufferReclaimer). */
  reclaimer?: ReadBufferReclaimer;
}

/** Form fields hold metadata, the long description (the README) being the largest. */
export const maxFieldBytes = 4 * 1024 * 1024;
export const maxTotalFieldBytes = 8 * 1024 * 1024;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Other file parts (gpg_signature, which PyPI ignores too) are read and dropped, up to this size. */
const maxOtherFileBytes = 1024 * 1024;
/** After a refusal, at most this much more of the body is read (and dropped) before the connection is closed. */
export const discardCapBytes = 64 * 1024 * 1024;

/**
 * Parses a multipart/form-data upload with busboy, streaming the `content` file into a temporary file of the storage
 * while hashing it (never whole in memory). Any failure — a refusal by beforeContent, a broken or cut-off body,
 * limits — removes the temporary file before the returned promise rejects, and the rest of the body is dropped.
 * Client faults reject with an HttpError (400, 413); other errors (the disk) are passed on as they are.
 */
export function receiveUploadForm(req: IncomingMessage, res: ServerResponse, options: ReceiveUploadFormOptions): Promise<UploadForm> {
  const reclaimer = options.reclaimer ?? uploadReadBufferReclaimer();
  return new Promise<UploadForm>((resolve, reject) => {
    const fields = new Map<string, string[]>();
    let totalFieldBytes = 0;
    let content: UploadForm['content'] = null;
    let contentSeen = false;
    const pending: Array<Promise<void>> = [];
    let failure: { error: unknown } | null = null;
    // Once resolved the caller owns the temporary file: a late request error must not remove it.
    let resolved = false;

    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // Keep directories in filenames so that '../x' can be refused rather than quietly cut to 'x'.
        preservePath: true,
        limits: { fieldNameSize: 200, fieldSize: maxFieldBytes, fields: 1000, files: 10, parts: 1010 },
        // Parts without a charset (what twine, requests and browsers send) come byte for byte, to be decoded as
        // strict UTF-8 below: busboy's UTF-8 decoding would turn bytes that are not UTF-8 into U+FFFD silently.
        defCharset: 'latin1',
      });
    } catch (error) {
      discardRequestBody(req, res, discardCapBytes, reclaimer);
      reject(new HttpError(400, 'invalid_multipart', `Expected a multipart/form-data body: ${(error as Error).message}.`));
      return;
    }

    const fail = (error: unknown) => {
      if (failure || resolved) return;
      failure = { error };
      req.unpipe(parser);
      // Destroying the parser ends the file stream being written with an error; the writer removes its file.
      parser.destroy();
      discardRequestBody(req, res, discardCapBytes, reclaimer);
      void Promise.allSettled(pending).then(async () => {
        if (content) await options.storage.discard(content.temporaryPath).catch(() => undefined);
        content = null;
        reject(error);
      });
    };
    const badBody = (why: string) => new HttpError(400, 'invalid_multipart', `Invalid multipart body: ${why}.`);

    parser.on('field', (name, value, info) => {
      if (info.nameTruncated) return fail(badBody('a field name is too long'));
      if (info.valueTruncated) return fail(new HttpError(400, 'field_too_large', `Field '${name}' is larger than ${maxFieldBytes / (1024 * 1024)} MiB.`));
      // A part that declared its own charset was decoded with it by busboy (then it may hold characters past U+00FF).
      let text = value;
      if (/[\u0080-\u00ff]/.test(value) && !/[^\u0000-\u00ff]/.test(value)) {
        try {
          text = strictUtf8.decode(Buffer.from(value, 'latin1'));
        } catch {
          return fail(new HttpError(400, 'invalid_field_encoding', `Field '${name.slice(0, 50)}' is not valid UTF-8.`));
        }
      }
      totalFieldBytes += name.length + value.length;
      if (totalFieldBytes > maxTotalFieldBytes) return fail(new HttpError(400, 'fields_too_large', `The form fields add up to more than ${maxTotalFieldBytes / (1024 * 1024)} MiB.`));
      const values = fields.get(name);
      if (values) values.push(text);
      else fields.set(name, [text]);
    });

    parser.on('file', (name, stream, info) => {
      let streamError: unknown = null;
      stream.once('error', (error) => {
        streamError = error;
      });
      if (name !== 'content') {
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxOtherFileBytes) fail(new HttpError(400, 'file_too_large', `File part '${name.slice(0, 50)}' is too large.`));
        });
        stream.on('error', () => undefined);
        return;
      }
      const receive = async () => {
        if (contentSeen) throw new HttpError(400, 'invalid_multipart', "The form has more than one 'content' file.");
        contentSeen = true;
        const filename = info.filename ?? '';
        if (options.beforeContent) await options.beforeContent(fields, filename);
        if (failure) return;
        const hashed = await writeHashedTemporaryFile(stream, options.storage, options.maxFileBytes);
        content = { ...hashed, filename };
      };
      pending.push(
        receive().catch((error: unknown) => {
          stream.resume();
          // An error of the part's own stream is the body's fault (cut off, malformed), not the server's.
          if (error !== null && error === streamError && !(error instanceof HttpError)) fail(badBody((error as Error).message.replace(/\.$/, '')));
          else if ((error as NodeJS.ErrnoException | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE') fail(badBody('the file part ended early'));
          else fail(error);
        }),
      );
    });

    parser.on('partsLimit', () => fail(badBody('too many parts')));
    parser.on('filesLimit', () => fail(badBody('too many files')));
    parser.on('fieldsLimit', () => fail(badBody('too many fields')));
    parser.on('error', (error: Error) => fail(badBody(error.message.replace(/\.$/, ''))));
    parser.on('finish', () => {
      void Promise.allSettled(pending).then(() => {
        if (failure) return;
        resolved = true;
        resolve({ fields, content });
      });
    });

    const cutOff = () => fail(new HttpError(400, 'upload_cut_off', 'Upload cut off: the request body ended before it was complete.'));
    req.on('error', cutOff);
    req.on('close', () => {
      if (!req.complete) cutOff();
    });
    reclaimer.watch(req);
    req.pipe(parser);
  });
}
