import { request as httpRequest } from 'node:http';
import { digestsOf, type Distribution } from './distributions.js';

/** The fields twine 4.0.2 sends for `distribution` (package.py metadata_dictionary + repository.py _upload), in its order. */
export function twineFields(distribution: Distribution, overrides: Record<string, string | string[] | null> = {}): Array<[string, string]> {
  const digests = digestsOf(distribution.bytes);
  const fields: Record<string, string | string[] | null> = {
    name: distribution.name.replace(/[^A-Za-z0-9.]+/g, '-'),
    version: distribution.version,
    filetype: distribution.filetype,
    pyversion: distribution.pyversion,
    metadata_version: '2.1',
    summary: `The ${distribution.name} package`,
    home_page: '',
    author: 'Test Author',
    author_email: 'author@example.org',
    maintainer: '',
    maintainer_email: '',
    license: 'MIT',
    description: `# ${distribution.name}\n\nA test package.\n`,
    keywords: '',
    platform: [],
    classifiers: ['Programming Language :: Python :: 3', 'License :: OSI Approved :: MIT License'],
    download_url: '',
    supported_platform: [],
    comment: '',
    sha256_digest: digests.sha256,
    provides: [],
    requires: [],
    obsoletes: [],
    project_urls: [],
    provides_dist: [],
    obsoletes_dist: [],
    requires_dist: [],
    requires_external: [],
    requires_python: '>=3.8',
    provides_extras: [],
    description_content_type: 'text/markdown',
    dynamic: [],
    md5_digest: digests.md5,
    blake2_256_digest: digests.blake2_256,
    ':action': 'file_upload',
    protocol_version: '1',
    ...overrides,
  };
  const list: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) list.push([key, item]);
  }
  return list;
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** A multipart/form-data body built by hand, so tests control every byte (order, filenames, breakage). */
export function multipartBody(
  parts: Array<{ name: string; value: string } | { name: string; filename: string; bytes: Uint8Array }>,
  boundary = '----keybridgeTestBoundary7MA4YWxkTrZu0gW',
): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    if ('filename' in part) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
      chunks.push(Buffer.from(part.bytes), Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The multipart body twine would send for `distribution` (the file last), with field overrides. */
export function twineBody(
  distribution: Distribution,
  overrides: Record<string, string | string[] | null> = {},
  file: { filename?: string; bytes?: Uint8Array } | null = {},
): { body: Buffer; contentType: string } {
  const parts: Parameters<typeof multipartBody>[0] = twineFields(distribution, overrides).map(([name, value]) => ({ name, value }));
  if (file) parts.push({ name: 'content', filename: file.filename ?? distribution.filename, bytes: file.bytes ?? distribution.bytes });
  return multipartBody(parts);
}

export interface UploadAnswer {
  status: number;
  statusText: string;
  body: string;
  headers: Headers;
}

/** POSTs a multipart body to /legacy/ with fetch, as twine does (Content-Length known). */
export async function postUpload(
  baseUrl: string,
  authorization: string | null,
  form: { body: Buffer; contentType: string },
  extraHeaders: Record<string, string> = {},
): Promise<UploadAnswer> {
  const headers: Record<string, string> = { ...extraHeaders, 'content-type': form.contentType };
  if (authorization) headers.authorization = authorization;
  const response = await fetch(new URL('/legacy/', baseUrl), { method: 'POST', headers, body: new Uint8Array(form.body) });
  return { status: response.status, statusText: response.statusText, body: await response.text(), headers: response.headers };
}

/**
 * Sends the request head and only the first `sendBytes` of `body` (declaring its full length), then ends the
 * connection: a client that dies mid-upload. Resolves with the status the server answered, or null if it answered
 * nothing before the connection closed.
 */
export function postCutOffUpload(
  baseUrl: string,
  authorization: string,
  form: { body: Buffer; contentType: string },
  sendBytes: number,
  how: 'end' | 'destroy',
): Promise<number | null> {
  return new Promise((resolve) => {
    const url = new URL('/legacy/', baseUrl);
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'content-type': form.contentType, 'content-length': String(form.body.length), authorization },
    });
    let settled = false;
    const settle = (status: number | null) => {
      if (!settled) {
        settled = true;
        resolve(status);
      }
    };
    req.on('response', (response) => {
      response.resume();
      settle(response.statusCode ?? null);
    });
    req.on('error', () => settle(null));
    req.on('close', () => setTimeout(() => settle(null), 100));
    req.write(form.body.subarray(0, sendBytes), () => {
      // Let the server read the part that was sent, then go away.
      setTimeout(() => {
        if (how === 'destroy') req.destroy();
        else req.socket?.end();
      }, 200);
    });
  });
}
