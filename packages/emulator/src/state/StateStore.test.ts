import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyPair } from '@keybridge/ctap';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzRuns, garbledBytes } from '../../../../test/support/garbledBytes.js';
import { createInitialState, type AuthenticatorState } from './AuthenticatorState.js';
import { FileStateStore } from './StateStore.js';
import { parseState, serializeState, StateFileError } from './serializeState.js';

async function freshDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'keybridge-state-'));
}

const pkcs8 = (kind: 'P-256' | 'Ed25519') => Uint8Array.from(createKeyPair(kind).privateKey.export({ format: 'der', type: 'pkcs8' }));

/** A state with a PIN and two credentials (one discoverable ES256 with hmac-secret, one U2F EdDSA). */
function populatedState(): AuthenticatorState {
  const state = createInitialState();
  state.pinHash = new Uint8Array(16).fill(3);
  state.pinCodePoints = 4;
  state.minPinLengthRpIds = ['example.org'];
  state.creationCounter = 2;
  state.credentials.push(
    {
      id: Uint8Array.from([9, 9]),
      rpIdHash: new Uint8Array(32).fill(1),
      rpId: 'example.org',
      rpName: 'Example',
      user: { id: Uint8Array.of(1), name: 'alice', displayName: 'Alice' },
      algorithm: -7,
      privateKeyPkcs8: pkcs8('P-256'),
      discoverable: true,
      credProtect: 2,
      signCount: 41,
      hmacSecret: { withUv: new Uint8Array(32).fill(4), withoutUv: new Uint8Array(32).fill(5) },
      credBlob: Uint8Array.of(6),
      createdAt: 1,
    },
    { id: new Uint8Array(64).fill(8), rpIdHash: new Uint8Array(32).fill(2), algorithm: -8, privateKeyPkcs8: pkcs8('Ed25519'), discoverable: false, credProtect: 1, signCount: 0, createdAt: 2, u2f: true },
  );
  return state;
}

describe('FileStateStore', () => {
  it('starts from a fresh state when the file does not exist yet', async () => {
    const store = new FileStateStore(join(await freshDirectory(), 'state.json'));
    expect(await store.load()).toEqual(createInitialState());
  });

  it('writes atomically: the saved state reads back exactly, bytes included, and no temporary file is left', async () => {
    const directory = await freshDirectory();
    const store = new FileStateStore(join(directory, 'nested', 'state.json'));
    const state = populatedState();
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

  it('refuses a file whose members have the wrong type or range, naming the member', () => {
    const state = populatedState();
    const text = serializeState(state);
    expect(parseState(text)).toEqual(state);
    // The file as JSON, edited as a person might.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const edited = (edit: (state: Record<string, any>) => void) => {
      const envelope = JSON.parse(text) as { state: Record<string, unknown> };
      edit(envelope.state);
      return () => parseState(JSON.stringify(envelope));
    };
    expect(edited((state) => (state.pinRetries = 'x'))).toThrow(/state\.pinRetries must be an integer from 0 to 8/);
    expect(edited((state) => (state.credentials = [{}]))).toThrow(/state\.credentials\[0\]\.algorithm must be -7/);
    expect(edited((state) => (state.credentials[0].rpIdHash = { $bytes: 'AAAA' }))).toThrow(/state\.credentials\[0\]\.rpIdHash must be 32 bytes/);
    expect(edited((state) => (state.credentials[1].privateKeyPkcs8 = state.credentials[0].privateKeyPkcs8))).toThrow(/credentials\[1\]\.privateKeyPkcs8 is not a key for algorithm -8/);
    expect(edited((state) => (state.credentials[0].privateKeyPkcs8 = { $bytes: 'AAAA' }))).toThrow(/is not a PKCS#8 private key/);
    expect(edited((state) => (state.credentials[0].user.id = { $bytes: '!!' }))).toThrow(/\$bytes value is not base64/);
    expect(edited((state) => (state.minPinLengthRpIds = [1]))).toThrow(/minPinLengthRpIds must be an array of strings/);
    // What requests decide is not held to the spec's limits here: a state the emulator wrote always reads back.
    expect(edited((state) => ((state.minPinLength = 100), (state.credentials[0].user.id = { $bytes: Buffer.alloc(200).toString('base64') })))()).toMatchObject({
      minPinLength: 100,
      credentials: [{ user: { id: new Uint8Array(200) } }, {}],
    });
    // A file written before built-in UV has no uvRetries: it gets the maximum.
    expect(parseState(JSON.stringify({ version: 1, state: { ...JSON.parse(text).state, uvRetries: undefined } })).uvRetries).toBe(5);
  });

  it('reads a garbled state file as a valid state or refuses it with StateFileError (property)', () => {
    const text = new TextEncoder().encode(serializeState(populatedState()));
    fc.assert(
      fc.property(garbledBytes(text), (bytes) => {
        let state: AuthenticatorState;
        try {
          state = parseState(new TextDecoder().decode(bytes));
        } catch (error) {
          expect(error).toBeInstanceOf(StateFileError);
          return;
        }
        // What it accepts is a state it writes and reads back the same.
        expect(parseState(serializeState(state))).toEqual(state);
      }),
      { numRuns: fuzzRuns },
    );
  });
});
