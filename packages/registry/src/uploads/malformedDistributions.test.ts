// A fuzz harness for the archive readers behind uploads (the registry's own tar reader, yauzl for zips): a valid sdist
// (.tar.gz and .zip) and wheel, garbled at random, must give their metadata or a 400 invalid_distribution, never
// another exception (which would be a 500) and never a read that does not end.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzzRuns, garbledBytes } from '../../../../test/support/garbledBytes.js';
import { tarGzArchive } from '../../../../test/support/tarGzArchive.js';
import { zipArchive } from '../../../../test/support/zipArchive.js';
import { HttpError } from '../http/HttpError.js';
import { extractSdistMetadata } from './extractSdistMetadata.js';
import { extractWheelMetadata } from './extractWheelMetadata.js';

const directory = mkdtempSync(join(tmpdir(), 'keybridge-fuzz-distributions-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const metadata = 'Metadata-Version: 2.1\nName: pkg\nVersion: 1.0\nSummary: fuzzed\n\nA description.\n';
const sdistMembers = [
  { name: 'pkg-1.0/', data: '' },
  { name: 'pkg-1.0/PKG-INFO', data: metadata },
  { name: 'pkg-1.0/setup.py', data: 'from setuptools import setup\nsetup()\n' },
];
const wheelMembers = [
  { name: 'pkg/__init__.py', data: 'VALUE = 1\n' },
  { name: 'pkg-1.0.dist-info/METADATA', data: metadata },
  { name: 'pkg-1.0.dist-info/WHEEL', data: 'Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n' },
  { name: 'pkg-1.0.dist-info/RECORD', data: '' },
];

let written = 0;
function fileOf(bytes: Uint8Array): string {
  const path = join(directory, `${++written}`);
  writeFileSync(path, bytes);
  return path;
}

/** The metadata, or a 400 invalid_distribution: any other outcome fails the property. */
async function expectMetadataOrRefusal(read: Promise<Buffer>): Promise<void> {
  try {
    expect((await read).length).toBeGreaterThanOrEqual(0);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_distribution' });
  }
}

const cases = [
  {
    what: 'an sdist .tar.gz garbled inside the gzip (the tar reader sees the edits)',
    sample: gunzipSync(tarGzArchive(sdistMembers)),
    read: (bytes: Uint8Array) => extractSdistMetadata(fileOf(gzipSync(bytes)), 'pkg-1.0.tar.gz', 'pkg', '1.0'),
  },
  {
    what: 'an sdist .tar.gz garbled as it is (gzip sees the edits)',
    sample: tarGzArchive(sdistMembers),
    read: (bytes: Uint8Array) => extractSdistMetadata(fileOf(bytes), 'pkg-1.0.tar.gz', 'pkg', '1.0'),
  },
  {
    what: 'an sdist .zip',
    sample: zipArchive(sdistMembers.filter((member) => !member.name.endsWith('/'))),
    read: (bytes: Uint8Array) => extractSdistMetadata(fileOf(bytes), 'pkg-1.0.zip', 'pkg', '1.0'),
  },
  {
    what: 'a wheel',
    sample: zipArchive(wheelMembers),
    read: (bytes: Uint8Array) => extractWheelMetadata(fileOf(bytes), 'pkg-1.0-py3-none-any.whl', 'pkg', '1.0'),
  },
];

describe('garbled distributions (fuzz harness of the upload archive readers)', () => {
  it.each(cases)('$what: its metadata or 400 invalid_distribution, nothing else', async ({ sample, read }) => {
    // The sample itself is read: the harness garbles a distribution that passes.
    expect((await read(sample)).toString()).toContain('Name: pkg');
    await fc.assert(
      fc.asyncProperty(garbledBytes(sample), (bytes) => expectMetadataOrRefusal(read(bytes))),
      { numRuns: fuzzRuns },
    );
  });
});
