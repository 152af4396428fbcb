import { describe, expect, it } from 'vitest';
import { SerialQueue } from './SerialQueue.js';
import { equalBytes } from './equalBytes.js';

describe('equalBytes', () => {
  it('compares contents, lengths and views into larger buffers', () => {
    const backing = Uint8Array.of(9, 1, 2, 3, 9);
    expect(equalBytes(backing.subarray(1, 4), Uint8Array.of(1, 2, 3))).toBe(true);
    expect(equalBytes(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4))).toBe(false);
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(false);
    expect(equalBytes(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});

describe('SerialQueue', () => {
  it('starts each piece of work after the one before has settled, failed ones included', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let releaseFirst!: () => void;
    const first = queue.run(async () => {
      log.push('first starts');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      log.push('first fails');
      throw new Error('first');
    });
    const second = queue.run(async () => {
      log.push('second runs');
      return 2;
    });
    await Promise.resolve();
    expect(log).toEqual(['first starts']);
    releaseFirst();
    await expect(first).rejects.toThrow('first');
    expect(await second).toBe(2);
    expect(log).toEqual(['first starts', 'first fails', 'second runs']);
  });
});
