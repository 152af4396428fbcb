import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from './startEmulator.js';

/** One emulator per describe block; stopped after it. The getter throws if a test runs before it started. */
export function useEmulator(options: EmulatorOptions = {}): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator(options);
  });
  afterAll(async () => {
    await emulator?.stop();
  });
  return () => {
    if (emulator === undefined) throw new Error('emulator not started');
    return emulator;
  };
}
