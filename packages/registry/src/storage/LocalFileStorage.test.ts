import { mkdtemp, readFile, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeFileStorageContract } from '../../../../test/registry/describeFileStorageContract.js';
import { LocalFileStorage } from './LocalFileStorage.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'keybridge-storage-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describeFileStorageContract('LocalFileStorage', async (name) => ({ storage: new LocalFileStorage(join(root, name)), temporaryDirectory: join(root, name, 'tmp') }));

async function putText(storage: LocalFileStorage, key: string, content: string): Promise<void> {
  const file = await storage.createTemporaryFile();
  await file.handle.writeFile(content);
  await file.handle.close();
  await storage.put(file.path, key);
}

describe('LocalFileStorage', () => {
  it('keeps a file under <root>/<key>, and its modification time is the file\'s', async () => {
    const storage = new LocalFileStorage(root);
    await putText(storage, 'ab/cd/abcdef', 'hello wheel');
    expect(await readFile(join(root, 'ab', 'cd', 'abcdef'), 'utf8')).toBe('hello wheel');
    const when = new Date(Date.now() - 60_000);
    await utimes(join(root, 'ab', 'cd', 'abcdef'), when, when);
    expect(Math.abs((await storage.modifiedMs('ab/cd/abcdef'))! - when.getTime())).toBeLessThan(1);
  });

  it('refuses keys that would hit its temporary directory', async () => {
    const storage = new LocalFileStorage(root);
    for (const key of ['tmp', 'tmp/x']) await expect(storage.open(key), key).rejects.toThrow(TypeError);
  });
});
