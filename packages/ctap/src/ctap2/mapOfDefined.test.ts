import { describe, expect, it } from 'vitest';
import { mapOfDefined } from './mapOfDefined.js';

describe('mapOfDefined', () => {
  it('keeps defined entries (false, 0, null and empty bytes included) in order and drops undefined ones', () => {
    const map = mapOfDefined([[3, 0], [1, undefined], ['a', false], [2, null], [4, new Uint8Array(0)]]);
    expect([...map.keys()]).toEqual([3, 'a', 2, 4]);
    expect(map.get(3)).toBe(0);
    expect(map.has(1)).toBe(false);
  });
});
