import { describe, expect, it } from 'vitest';
import { storageKeyForSha256 } from './storageKeyForSha256.js';

describe('storageKeyForSha256', () => {
  it('shards by the first two bytes', () => {
    const sha256 = `abcd${'0'.repeat(60)}`;
    expect(storageKeyForSha256(sha256)).toBe(`ab/cd/${sha256}`);
  });

  it('refuses anything but lower-case hex SHA-256', () => {
    for (const bad of ['', 'ab', `ABCD${'0'.repeat(60)}`, `../${'0'.repeat(61)}`, '0'.repeat(65)]) expect(() => storageKeyForSha256(bad)).toThrow(TypeError);
  });
});
