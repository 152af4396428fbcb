import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createInitialState } from './AuthenticatorState.js';
import { FileStateStore } from './StateStore.js';
import { StateFileError } from './serializeState.js';

async function freshDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'keybridge-state-'));
}

describe('FileStateStore', () => {
  it('starts from a fresh state when the file does not exist yet', async () => {
    const store = new FileStateStore(join(await freshDirectory(), 'state.json'));
    expect(await store.load()).toEqual(createInitialState());
  });

  it('writes atomically: the saved state reads back exactly, bytes included, and no temporary file is left', async () => {
    const directory = await freshDirectory();
    const store = new FileStateStore(join(directory, 'nested', 'state.json'));
    const state = createInitialState();
    state.pinHash = Uint8Array.from([1, 2, 3, 250]);
    state.credentials.push({
      id: Uint8Array.from([9, 9]),
      rpIdHash: new Uint8Array(32).fill(1),
      rpId: 'example.org',
      algorithm: -7,
      privateKeyPkcs8: Uint8Array.from([7]),
      discoverable: true,
      credProtect: 2,
      signCount: 41,
      createdAt: 1,
    });
    await store.save(state);
    expect(await new FileStateStore(join(directory, 'nested', 'state.json')).load()).toEqual(state);
    expect(await readdir(join(directory, 'nested'))).toEqual(['state.json']);
  });

  it('keeps the last of several concurrent saves', async () => {
    const path = join(await freshDirectory(), 'state.json');
    const store = new FileStateStore(path);
    const saves = [1, 2, 3, 4, 5].map((retries) => store.save({ ...createInitialState(), pinRetries: retries }));
    await Promise.all(saves);
    expect((await store.load()).pinRetries).toBe(5);
  });

  it('refuses a corrupt or foreign file with a typed error instead of starting empty', async () => {
    const path = join(await freshDirectory(), 'state.json');
    await writeFile(path, '{"version": 1, "state": ');
    await expect(new FileStateStore(path).load()).rejects.toBeInstanceOf(StateFileError);
    await writeFile(path, JSON.stringify({ version: 7, state: {} }));
    await expect(new FileStateStore(path).load()).rejects.toThrow(/unknown version/);
    // The bad file is left as it was for the operator to look at.
    expect(await readFile(path, 'utf8')).toContain('"version":7');
  });
});
