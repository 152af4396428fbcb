import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpError } from '../http/HttpError.js';
import { extractSdistMetadata, sdistLimits } from './extractSdistMetadata.js';

const directory = mkdtempSync(join(tmpdir(), 'keybridge-sdist-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const pkgInfo = 'Metadata-Version: 2.1\nName: pkg\nVersion: 1.0\n';

/**
 * A pkg-1.0.tar.gz made by Python's tarfile (what setuptools uses), in `format` ('PAX' or 'GNU', which write long
 * names and links their own ways), from `script`: Python statements on `tar` and the helper add(name, data).
 */
function pythonSdist(format: 'PAX' | 'GNU', script: string): string {
  const path = join(directory, `${Math.random().toString(36).slice(2)}.tar.gz`);
  const program = [
    'import io, sys, tarfile',
    `tar = tarfile.open(sys.argv[1], 'w:gz', format=tarfile.${format}_FORMAT)`,
    'def add(name, data=b"", kind=tarfile.REGTYPE, link=""):',
    '    info = tarfile.TarInfo(name); info.type = kind; info.linkname = link; info.size = len(data) if kind == tarfile.REGTYPE else 0',
    '    tar.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)',
    script,
    'tar.close()',
  ].join('\n');
  execFileSync('python3', ['-c', program, path]);
  return path;
}

function written(bytes: Buffer): string {
  const path = join(directory, `${Math.random().toString(36).slice(2)}.tar.gz`);
  writeFileSync(path, bytes);
  return path;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HttpError);
  expect((error as HttpError).status).toBe(400);
  return (error as HttpError).message;
}

describe('extractSdistMetadata', () => {
  it.each(['PAX', 'GNU'] as const)('reads a %s archive by Python tarfile: long names, directories, links inside', async (format) => {
    const long = `pkg-1.0/${'deep/'.repeat(40)}module.py`;
    const path = pythonSdist(
      format,
      [
        "add('pkg-1.0', kind=tarfile.DIRTYPE)",
        `add('pkg-1.0/PKG-INFO', b${JSON.stringify(pkgInfo)})`,
        `add(${JSON.stringify(long)}, b'x = 1\\n' * 1000)`,
        "add('pkg-1.0/link.py', kind=tarfile.SYMTYPE, link='deep/module.py')",
        "add('pkg-1.0/hard.py', kind=tarfile.LNKTYPE, link='pkg-1.0/PKG-INFO')",
        "add('pkg-1.0/caf\\u00e9.txt', b'unicode name')",
      ].join('\n'),
    );
    expect((await extractSdistMetadata(path, 'pkg-1.0.tar.gz', 'pkg', '1.0')).toString()).toBe(pkgInfo);
  });

  it('refuses links that point out of the directory, and device files', async () => {
    const cases: Array<[string, RegExp]> = [
      ["add('pkg-1.0/evil', kind=tarfile.SYMTYPE, link='../../etc/passwd')", /link 'pkg-1.0\/evil' that points outside/],
      ["add('pkg-1.0/evil', kind=tarfile.SYMTYPE, link='/etc/passwd')", /link 'pkg-1.0\/evil' to an absolute path/],
      ["add('pkg-1.0/evil', kind=tarfile.LNKTYPE, link='../etc/passwd')", /whose path leaves its directory/],
      ["add('pkg-1.0/dev', kind=tarfile.CHRTYPE)", /neither a file, a directory nor a link/],
      [`add('pkg-1.0/${'x'.repeat(150)}/../../../evil', b'x')`, /whose path leaves its directory/],
    ];
    for (const [script, message] of cases) {
      const path = pythonSdist('PAX', `add('pkg-1.0/PKG-INFO', b${JSON.stringify(pkgInfo)})\n${script}`);
      expect(await refusal(extractSdistMetadata(path, 'pkg-1.0.tar.gz', 'pkg', '1.0')), script).toMatch(message);
    }
  });

  it('stops at its bounds: members, bytes once decompressed (a gzip bomb), the size of PKG-INFO', async () => {
    const many = pythonSdist('PAX', `add('pkg-1.0/PKG-INFO', b${JSON.stringify(pkgInfo)})\nfor i in range(50): add(f'pkg-1.0/f{i}', b'')`);
    expect(await refusal(extractSdistMetadata(many, 'pkg-1.0.tar.gz', 'pkg', '1.0', { ...sdistLimits, maxEntries: 20 }))).toMatch(/more than 20 members/);

    const bomb = pythonSdist('PAX', `add('pkg-1.0/PKG-INFO', b${JSON.stringify(pkgInfo)})\nadd('pkg-1.0/zeros', bytes(64 * 1024 * 1024))`);
    expect(await refusal(extractSdistMetadata(bomb, 'pkg-1.0.tar.gz', 'pkg', '1.0', { ...sdistLimits, maxUncompressedBytes: 16 * 1024 * 1024 }))).toMatch(/larger than 16 MiB once decompressed/);

    const big = pythonSdist('PAX', `add('pkg-1.0/PKG-INFO', b${JSON.stringify(pkgInfo)} + b'x' * 5000)`);
    expect(await refusal(extractSdistMetadata(big, 'pkg-1.0.tar.gz', 'pkg', '1.0', { ...sdistLimits, maxPkgInfoBytes: 4096 }))).toMatch(/larger than 4096 bytes/);
  });

  it('refuses a damaged archive: a bad header checksum, an archive ending inside a member, an empty one', async () => {
    const good = pythonSdist('PAX', `add('pkg-1.0/PKG-INFO', b${JSON.stringify(pkgInfo)})\nadd('pkg-1.0/data', b'y' * 3000)`);
    const tar = execFileSync('python3', ['-c', 'import gzip, sys; sys.stdout.buffer.write(gzip.open(sys.argv[1]).read())', good]);
    const corrupt = Buffer.from(tar);
    corrupt[10] = corrupt[10]! ^ 0xff;
    expect(await refusal(extractSdistMetadata(written(gzipSync(corrupt)), 'pkg-1.0.tar.gz', 'pkg', '1.0'))).toMatch(/not a readable tar archive: .*checksum/);
    // Cut inside the second member's data (header, PKG-INFO, header, 100 of its 3000 bytes).
    expect(await refusal(extractSdistMetadata(written(gzipSync(tar.subarray(0, 512 * 3 + 100))), 'pkg-1.0.tar.gz', 'pkg', '1.0'))).toMatch(/ends inside a member/);
    expect(await refusal(extractSdistMetadata(written(gzipSync(Buffer.alloc(10240))), 'pkg-1.0.tar.gz', 'pkg', '1.0'))).toMatch(/empty/);
  });
});
