import { spawnSync } from 'node:child_process';
import { readdir, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import type { FileStorage } from '../../packages/registry/src/storage/FileStorage.js';

/** A storage for one test, with the local directory of its temporary files. */
export interface StorageUnderTest {
  storage: FileStorage;
  temporaryDirectory: string;
}

/**
 * What every FileStorage does, as one suite: `open(name)` gives a storage for the current test, a new empty one for
 * each `name` (a directory, a key prefix). The implementations' own tests call it and add what is theirs alone.
 */
export function describeFileStorageContract(implementation: string, open: (name: string) => Promise<StorageUnderTest>): void {
  describe(`${implementation} (FileStorage contract)`, () => {
    it('puts a temporary file under its key, opens it with its size, and deletes it', async () => {
      const { storage, temporaryDirectory } = await open('store');
      const temporary = await temporaryWith(storage, 'hello wheel');
      expect(temporary.startsWith(`${temporaryDirectory}/`)).toBe(true);
      await storage.put(temporary, 'ab/cd/abcdef');
      expect(await readdir(temporaryDirectory)).toEqual([]);

      const reader = await storage.open('ab/cd/abcdef');
      expect(reader?.size).toBe(11);
      expect(await text(reader!.stream)).toBe('hello wheel');

      await storage.delete('ab/cd/abcdef');
      expect(await storage.open('ab/cd/abcdef')).toBeNull();
      await storage.delete('ab/cd/abcdef');
    });

    it('opens a range of a file, with the size of the whole file', async () => {
      const { storage } = await open('store');
      await storage.put(await temporaryWith(storage, '0123456789'), 'ab/cd/digits');
      // Not bytes=0-0: s3rver takes an end of 0 for none and sends everything (AWS S3 sends one byte).
      for (const [start, end, expected] of [[1, 1, '1'], [3, 6, '3456'], [9, 9, '9'], [0, 9, '0123456789']] as const) {
        const reader = await storage.open('ab/cd/digits', { start, end });
        expect(reader?.size).toBe(10);
        expect(await text(reader!.stream)).toBe(expected);
      }
      expect(await storage.open('ab/cd/missing', { start: 0, end: 1 })).toBeNull();
    });

    it('replaces an existing key (content-addressed keys hold the same bytes)', async () => {
      const { storage } = await open('store');
      await storage.put(await temporaryWith(storage, 'same'), 'k');
      await storage.put(await temporaryWith(storage, 'same'), 'k');
      expect(await text((await storage.open('k'))!.stream)).toBe('same');
    });

    it('discards temporary files and refuses paths outside its temporary directory', async () => {
      const { storage, temporaryDirectory } = await open('store');
      const temporary = await temporaryWith(storage, 'x');
      await storage.discard(temporary);
      await storage.discard(temporary);
      expect(await readdir(temporaryDirectory)).toEqual([]);
      await expect(storage.discard(join(temporaryDirectory, '..', 'elsewhere'))).rejects.toThrow(TypeError);
      await expect(storage.put('/etc/passwd', 'k')).rejects.toThrow(TypeError);
    });

    it('refuses keys that could leave the store', async () => {
      const { storage } = await open('store');
      for (const key of ['', '../x', 'a/../../x', '/abs', 'a//b', 'a/./b', 'a\\b', 'a b', 'x'.repeat(256)]) {
        await expect(storage.open(key), key).rejects.toThrow(TypeError);
        await expect(storage.delete(key), key).rejects.toThrow(TypeError);
      }
    });

    it('removes temporary files of dead processes, of its own earlier incarnation and old ones, but not live ones', async () => {
      const { storage, temporaryDirectory: tmp } = await open('store');
      const host = hostname().replace(/[^A-Za-z0-9.-]/g, '-') || 'localhost';
      const live = await storage.createTemporaryFile();
      await live.handle.close();

      // A pid that surely is dead: a child that has exited.
      const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
      const dead = join(tmp, `upload_${deadPid}_aaaa_bbbb_${host}.part`);
      const earlierSelf = join(tmp, `upload_${process.pid}_cccc_dddd_${host}.part`);
      const otherLiveProcess = join(tmp, `upload_${process.ppid}_eeee_ffff_${host}.part`);
      const otherMachineFresh = join(tmp, `upload_1_abab_cdcd_some-other-host.part`);
      const otherMachineOld = join(tmp, `upload_1_abab_efef_some-other-host.part`);
      const unknownOld = join(tmp, 'something-else');
      for (const path of [dead, earlierSelf, otherLiveProcess, otherMachineFresh, otherMachineOld, unknownOld]) await writeFile(path, 'partial');
      const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
      await utimes(otherMachineOld, twoDaysAgo, twoDaysAgo);
      await utimes(unknownOld, twoDaysAgo, twoDaysAgo);

      expect(await storage.removeStaleTemporaryFiles()).toBe(4);
      const names = (paths: string[]) => paths.map((path) => path.slice(tmp.length + 1)).sort();
      expect((await readdir(tmp)).sort()).toEqual(names([live.path, otherLiveProcess, otherMachineFresh]));
    });

    it('lists stored files with when they were written, not temporary ones', async () => {
      const { storage } = await open('store');
      expect(await collect((await open('fresh')).storage.list())).toEqual([]);
      // Object stores keep whole seconds.
      const before = Math.floor(Date.now() / 1000) * 1000;
      await storage.put(await temporaryWith(storage, 'wheel'), 'ab/cd/abcdef');
      await storage.put(await temporaryWith(storage, 'metadata'), 'ab/cd/abcdef.metadata');
      // A file's time has a fraction of a millisecond that Date.now() drops: the write may be later within its ms.
      const after = Date.now() + 1;
      await temporaryWith(storage, 'in progress');
      const listed = (await collect(storage.list())).sort((left, right) => left.key.localeCompare(right.key));
      expect(listed.map((entry) => entry.key)).toEqual(['ab/cd/abcdef', 'ab/cd/abcdef.metadata']);
      for (const entry of listed) {
        expect(entry.modifiedMs).toBeGreaterThanOrEqual(before);
        expect(entry.modifiedMs).toBeLessThanOrEqual(after);
        expect(await storage.modifiedMs(entry.key)).toBe(entry.modifiedMs);
      }
      expect(await storage.modifiedMs('ab/cd/missing')).toBeNull();
    });

    it('has nothing to clean in a store never written to', async () => {
      expect(await (await open('fresh')).storage.removeStaleTemporaryFiles()).toBe(0);
    });
  });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

async function temporaryWith(storage: FileStorage, content: string): Promise<string> {
  const file = await storage.createTemporaryFile();
  await file.handle.writeFile(content);
  await file.handle.sync();
  await file.handle.close();
  return file.path;
}
