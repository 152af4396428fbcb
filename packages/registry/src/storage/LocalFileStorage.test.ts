import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileStorage } from './LocalFileStorage.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'keybridge-storage-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

async function temporaryWith(storage: LocalFileStorage, content: string): Promise<string> {
  const file = await storage.createTemporaryFile();
  await file.handle.writeFile(content);
  await file.handle.sync();
  await file.handle.close();
  return file.path;
}

describe('LocalFileStorage', () => {
  it('puts a temporary file under its key, opens it with its size, and deletes it', async () => {
    const storage = new LocalFileStorage(root);
    const temporary = await temporaryWith(storage, 'hello wheel');
    expect(temporary.startsWith(join(root, 'tmp'))).toBe(true);
    await storage.put(temporary, 'ab/cd/abcdef');
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
    expect(await readFile(join(root, 'ab', 'cd', 'abcdef'), 'utf8')).toBe('hello wheel');

    const reader = await storage.open('ab/cd/abcdef');
    expect(reader?.size).toBe(11);
    expect(await text(reader!.stream)).toBe('hello wheel');

    await storage.delete('ab/cd/abcdef');
    expect(await storage.open('ab/cd/abcdef')).toBeNull();
    await storage.delete('ab/cd/abcdef');
  });

  it('replaces an existing key atomically (content-addressed keys hold the same bytes)', async () => {
    const storage = new LocalFileStorage(root);
    await storage.put(await temporaryWith(storage, 'same'), 'k');
    await storage.put(await temporaryWith(storage, 'same'), 'k');
    expect(await text((await storage.open('k'))!.stream)).toBe('same');
  });

  it('discards temporary files and refuses paths outside its temporary directory', async () => {
    const storage = new LocalFileStorage(root);
    const temporary = await temporaryWith(storage, 'x');
    await storage.discard(temporary);
    await storage.discard(temporary);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
    await expect(storage.discard(join(root, 'elsewhere'))).rejects.toThrow(TypeError);
    await expect(storage.put('/etc/passwd', 'k')).rejects.toThrow(TypeError);
  });

  it('refuses keys that could leave the store or hit the temporary directory', async () => {
    const storage = new LocalFileStorage(root);
    for (const key of ['', '../x', 'a/../../x', '/abs', 'a//b', 'a/./b', 'tmp', 'tmp/x', 'a\\b', 'a b']) {
      await expect(storage.open(key), key).rejects.toThrow(TypeError);
    }
  });

  it('removes temporary files of dead processes, of its own earlier incarnation and old ones, but not live ones', async () => {
    const storage = new LocalFileStorage(root);
    const host = hostname().replace(/[^A-Za-z0-9.-]/g, '-') || 'localhost';
    const live = await storage.createTemporaryFile();
    await live.handle.close();

    // A pid that surely is dead: a child that has exited.
    const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const tmp = join(root, 'tmp');
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
    expect((await readdir(tmp)).sort()).toEqual([live.path.slice(tmp.length + 1), otherLiveProcess.slice(tmp.length + 1), otherMachineFresh.slice(tmp.length + 1)].sort());
  });

  it('lists stored files with their modification times, not temporary ones', async () => {
    const storage = new LocalFileStorage(root);
    expect(await collect(new LocalFileStorage(join(root, 'fresh')).list())).toEqual([]);
    await storage.put(await temporaryWith(storage, 'wheel'), 'ab/cd/abcdef');
    await storage.put(await temporaryWith(storage, 'metadata'), 'ab/cd/abcdef.metadata');
    await temporaryWith(storage, 'in progress');
    const when = new Date(Date.now() - 60_000);
    await utimes(join(root, 'ab', 'cd', 'abcdef'), when, when);
    const listed = (await collect(storage.list())).sort((left, right) => left.key.localeCompare(right.key));
    expect(listed.map((entry) => entry.key)).toEqual(['ab/cd/abcdef', 'ab/cd/abcdef.metadata']);
    expect(Math.abs(listed[0]!.modifiedMs - when.getTime())).toBeLessThan(1);
    expect(Math.abs((await storage.modifiedMs('ab/cd/abcdef'))! - when.getTime())).toBeLessThan(1);
    expect(await storage.modifiedMs('ab/cd/missing')).toBeNull();
  });

  it('has nothing to clean in a store never written to', async () => {
    expect(await new LocalFileStorage(join(root, 'fresh')).removeStaleTemporaryFiles()).toBe(0);
  });
});
