import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { minorGarbageCollector } from './minorGarbageCollector.js';

describe('minorGarbageCollector', () => {
  it('finds a collector once, which runs, and leaves no gc global to later contexts', () => {
    const collect = minorGarbageCollector();
    expect(collect).toBeTypeOf('function');
    expect(minorGarbageCollector()).toBe(collect);
    collect!();
    if (globalThis.gc === undefined) expect(runInNewContext('typeof gc')).toBe('undefined');
  });
});
