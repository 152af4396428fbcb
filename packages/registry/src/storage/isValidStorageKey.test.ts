import { describe, expect, it } from 'vitest';
import { isValidStorageKey } from './isValidStorageKey.js';

describe('isValidStorageKey', () => {
  it('accepts slash-separated plain segments', () => {
    for (const key of ['a', 'ab/cd/abcdef', 'ab/cd/abcdef.metadata', 'x_y-z.1']) expect(isValidStorageKey(key), key).toBe(true);
  });

  it('refuses traversal, absolute paths, empty segments and odd characters', () => {
    for (const key of ['', '.', '..', '../a', 'a/..', 'a/./b', '/a', 'a/', 'a//b', 'a\\b', 'a b', 'a\0b', 'é', 'a'.repeat(256)]) {
      expect(isValidStorageKey(key), key).toBe(false);
    }
  });
});
