import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { expect } from 'vitest';
import { zipArchive } from '../support/zipArchive.js';
import { coreMetadata, type Distribution } from './distributions.js';
import { twineBody } from './uploadRequests.js';

/** A wheel of about `payloadBytes`: its payload stored (not deflated) random bytes, so the file is as large as it says. */
export function largeWheel(name: string, payloadBytes: number): Distribution {
  const version = '1.0';
  const metadata = coreMetadata(name, version);
  const module = name.replace(/-/g, '_');
  const distInfo = `${module}-${version}.dist-info`;
  const bytes = zipArchive([
    { name: `${module}/__init__.py`, data: 'VALUE = 1\n' },
    { name: `${module}/payload.bin`, data: randomBytes(payloadBytes), deflate: false },
    { name: `${distInfo}/METADATA`, data: metadata },
    { name: `${distInfo}/WHEEL`, data: 'Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n' },
    { name: `${distInfo}/RECORD`, data: '' },
  ]);
  return { filename: `${module}-${version}-py3-none-any.whl`, bytes, name, version, filetype: 'bdist_wheel', pyversion: 'py3', metadata };
}

/** Every file under `directory`, relative to it, with its size. */
export function filesUnder(directory: string): Array<{ path: string; size: number }> {
  const found: Array<{ path: string; size: number }> = [];
  const walk = (current: string, prefix: string) => {
    if (!existsSync(current)) return;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else found.push({ path: `${prefix}${entry.name}`, size: statSync(path).size });
    }
  };
  walk(directory, '');
  return found.sort((left, right) => left.path.localeCompare(right.path));
}

/**
 * Opens POST /legacy/ declaring the whole body's length and writes its head (every field and the file part's
 * headers) and the first `fileBytes` of the file, 1 MiB at a time at the pace the server reads: never the rest.
 */
export async function startHalfUpload(
  url: string,
  authorization: string,
  distribution: Distribution,
  fileBytes: number,
): Promise<{ failed: Promise<Error>; answered: () => string | null }> {
  const { body, contentType } = twineBody(distribution);
  // twineBody puts the file last: its bytes end right before the closing "\r\n--boundary--\r\n".
  const fileStart = body.length - distribution.bytes.length - multipartTrailerLength(contentType);
  expect(body.subarray(fileStart, fileStart + 16)).toEqual(distribution.bytes.subarray(0, 16));
  const target = new URL('/legacy/', url);
  const request = httpRequest({
    host: target.hostname,
    port: target.port,
    path: target.pathname,
    method: 'POST',
    headers: { 'content-type': contentType, 'content-length': String(body.length), authorization },
  });
  const failed = new Promise<Error>((resolve) => request.once('error', resolve));
  // The server must not answer an upload it has only half of: it waits for the rest.
  let answer: string | null = null;
  request.on('response', (response) => {
    response.resume();
    answer = `${response.statusCode} ${response.statusMessage}`;
  });
  const end = fileStart + fileBytes;
  for (let offset = 0; offset < end; ) {
    const next = Math.min(end, offset === 0 ? fileStart : offset + 1024 * 1024);
    if (!request.write(body.subarray(offset, next))) await new Promise((resolve) => request.once('drain', resolve));
    offset = next;
  }
  return { failed, answered: () => answer };
}

/**
 * Waits until the one temporary file in `temporaryDir` holds at least `bytes` less 4 MiB (what the server may still
 * have in its buffers), and returns it; fails after 20 s.
 */
export async function awaitPartialFile(temporaryDir: string, bytes: number): Promise<{ path: string; size: number }> {
  let partial: Array<{ path: string; size: number }> = [];
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 25))) {
    partial = filesUnder(temporaryDir);
    if (partial.length === 1 && partial[0]!.size >= bytes - 4 * 1024 * 1024) break;
  }
  expect(partial).toHaveLength(1);
  expect(partial[0]!.size).toBeGreaterThanOrEqual(bytes - 4 * 1024 * 1024);
  expect(partial[0]!.size).toBeLessThanOrEqual(bytes);
  return partial[0]!;
}

function multipartTrailerLength(contentType: string): number {
  const boundary = /boundary=(.+)$/.exec(contentType)![1]!;
  return `\r\n--${boundary}--\r\n`.length;
}
