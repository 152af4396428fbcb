import { describe, expect, it } from 'vitest';
import { createKeyedLock } from './createKeyedLock.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('createKeyedLock', () => {
  it('runs one function at a time per key, in order, even when some fail', async () => {
    const lock = createKeyedLock();
    const log: string[] = [];
    const job = (name: string, fail = false) =>
      lock('k', async () => {
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([job('a'), job('b', true), job('c')]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('lets different keys run at the same time', async () => {
    const lock = createKeyedLock();
    let running = 0;
    let most = 0;
    const job = (key: string) =>
      lock(key, async () => {
        most = Math.max(most, ++running);
        await tick();
        running--;
      });
    await Promise.all([job('x'), job('y'), job('z')]);
    expect(most).toBe(3);
  });
});
