import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zipArchive, type ZipEntry } from '../../../../test/support/zipArchive.js';
import { HttpError } from '../http/HttpError.js';
import { extractWheelMetadata, maxWheelMetadataBytes } from './extractWheelMetadata.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'keybridge-wheel-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const metadata = 'Metadata-Version: 2.1\nName: my-pkg\nVersion: 1.0\n\nA long description.\n';

async function wheelWith(entries: ZipEntry[] | Buffer): Promise<string> {
  const path = join(directory, 'wheel.whl');
  await writeFile(path, Buffer.isBuffer(entries) ? entries : zipArchive(entries));
  return path;
}

async function refusal(path: string): Promise<HttpError> {
  try {
    await extractWheelMetadata(path, 'my_pkg-1.0-py3-none-any.whl', 'my-pkg', '1.0');
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('extractWheelMetadata', () => {
  it("returns the bytes of the project's .dist-info/METADATA, deflated or stored", async () => {
    for (const deflate of [true, false]) {
      const path = await wheelWith([
        { name: 'my_pkg/__init__.py', data: 'x = 1\n' },
        { name: 'other-2.0.dist-info/METADATA', data: 'not this one' },
        { name: 'my_pkg-1.0.dist-info/METADATA', data: metadata, deflate },
        { name: 'my_pkg-1.0.dist-info/RECORD', data: '' },
      ]);
      expect((await extractWheelMetadata(path, 'my_pkg-1.0-py3-none-any.whl', 'my-pkg', '1.0')).toString()).toBe(metadata);
    }
  });

  it('matches the .dist-info directory by normalized name and version', async () => {
    const path = await wheelWith([{ name: 'My.Pkg-1.0.0.dist-info/METADATA', data: metadata }]);
    expect((await extractWheelMetadata(path, 'My.Pkg-1.0.0-py3-none-any.whl', 'my-pkg', '1.0.0')).toString()).toBe(metadata);
  });

  it('refuses a wheel without METADATA, with it in a nested directory or for another version', async () => {
    for (const entries of [
      [{ name: 'my_pkg/__init__.py', data: '' }],
      [{ name: 'sub/my_pkg-1.0.dist-info/METADATA', data: metadata }],
      [{ name: 'my_pkg-1.1.dist-info/METADATA', data: metadata }],
    ]) {
      const error = await refusal(await wheelWith(entries));
      expect(error.status).toBe(400);
      expect(error.message).toBe("Wheel 'my_pkg-1.0-py3-none-any.whl' does not contain the required METADATA file: my_pkg-1.0.dist-info/METADATA");
    }
  });

  it('refuses what is not a zip, and a truncated zip', async () => {
    expect((await refusal(await wheelWith(Buffer.from('<html>not a wheel</html>')))).message).toMatch(/is not a zip archive/);
    const whole = zipArchive([{ name: 'my_pkg-1.0.dist-info/METADATA', data: metadata }]);
    expect((await refusal(await wheelWith(whole.subarray(0, whole.length - 30)))).status).toBe(400);
  });

  it('refuses a METADATA over the size bound, even if deflated small (a zip bomb)', async () => {
    const error = await refusal(await wheelWith([{ name: 'my_pkg-1.0.dist-info/METADATA', data: Buffer.alloc(maxWheelMetadataBytes + 1, 0x61) }]));
    expect(error.message).toMatch(/METADATA file over 16 MiB/);
  });

  it('refuses a METADATA whose data does not inflate to its declared size', async () => {
    const good = zipArchive([{ name: 'my_pkg-1.0.dist-info/METADATA', data: metadata }]);
    // Corrupt the deflated bytes (they start after the 30-byte local header and the name).
    const corrupt = Buffer.from(good);
    const dataStart = 30 + 'my_pkg-1.0.dist-info/METADATA'.length;
    corrupt.fill(0xff, dataStart, dataStart + 8);
    expect((await refusal(await wheelWith(corrupt))).message).toMatch(/cannot be decompressed/);
  });
});
