import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInitialState, type AuthenticatorState } from './AuthenticatorState.js';
import { parseState, serializeState } from './serializeState.js';

/** Where the persistent state lives: memory (default) or a file. */
export interface StateStore {
  load(): Promise<AuthenticatorState>;
  save(state: AuthenticatorState): Promise<void>;
}

export class MemoryStateStore implements StateStore {
  constructor(private readonly initial: AuthenticatorState = createInitialState()) {}
  async load(): Promise<AuthenticatorState> {
    return this.initial;
  }
  async save(): Promise<void> {}
}

/**
 * A JSON file written atomically: a temporary file in the same folder, fsync, then rename over the old one,
 * so a crash leaves either the old state or the new one, never half of each.
 */
export class FileStateStore implements StateStore {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  async load(): Promise<AuthenticatorState> {
    try {
      return parseState(await readFile(this.path, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return createInitialState();
      throw error;
    }
  }

  save(state: AuthenticatorState): Promise<void> {
    const text = serializeState(state);
    // Serialize writes so that an older snapshot can never land after a newer one.
    this.writing = this.writing.then(() => this.write(text));
    return this.writing;
  }

  private async write(text: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, this.path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }
}
