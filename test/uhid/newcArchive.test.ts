import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { newcArchive } from './newcArchive.js';

const run = promisify(execFile);
const directories: string[] = [];

afterEach(async () => {
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
});

// Read back by another implementation: busybox's cpio (the guest's initramfs is unpacked by the kernel, whose
// reader is checked by the QEMU test itself).
describe('newcArchive', () => {
  it('writes directories and files, with their modes and odd lengths, that busybox cpio lists and extracts', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'keybridge-newc-'));
    directories.push(directory);
    const odd = Buffer.from('three bytes and then some: 29');
    const archive = newcArchive([
      { path: 'bin', kind: 'directory' },
      { path: 'bin/tool', kind: 'file', data: Buffer.from('#!/bin/sh\necho hi\n'), mode: 0o755 },
      { path: 'odd', kind: 'file', data: odd },
      { path: 'empty', kind: 'file', data: new Uint8Array(0) },
      { path: 'dev', kind: 'directory' },
      { path: 'dev/console', kind: 'characterDevice', major: 5, minor: 1 },
    ]);
    expect(archive.length % 4).toBe(0);
    await writeFile(join(directory, 'archive.cpio'), archive);
    const listing = await run('sh', ['-c', 'busybox cpio -t < archive.cpio'], { cwd: directory });
    expect(listing.stdout.trim().split('\n')).toEqual(['bin', 'bin/tool', 'odd', 'empty', 'dev', 'dev/console']);
    // The device node is listed, not extracted: only root may make one.
    await run('sh', ['-c', 'mkdir out && cd out && busybox cpio -i -d bin bin/tool odd empty < ../archive.cpio'], { cwd: directory });
    expect(await readFile(join(directory, 'out/bin/tool'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect((await stat(join(directory, 'out/bin/tool'))).mode & 0o777).toBe(0o755);
    expect(await readFile(join(directory, 'out/odd'))).toEqual(odd);
    expect((await stat(join(directory, 'out/odd'))).mode & 0o777).toBe(0o644);
    expect((await stat(join(directory, 'out/empty'))).size).toBe(0);
    expect((await stat(join(directory, 'out/bin'))).isDirectory()).toBe(true);
  });
});
