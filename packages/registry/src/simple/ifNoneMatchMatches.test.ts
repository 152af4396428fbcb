import { describe, expect, it } from 'vitest';
import { ifNoneMatchMatches } from './ifNoneMatchMatches.js';

describe('ifNoneMatchMatches', () => {
  it('matches *, the tag, its weak form, and the tag within a list', () => {
    for (const header of ['*', ' * ', '"abc"', 'W/"abc"', '"x", "abc"', '"x",W/"abc" ']) expect(ifNoneMatchMatches(header, '"abc"'), header).toBe(true);
    expect(ifNoneMatchMatches('"abc"', 'W/"abc"')).toBe(true);
  });

  it('does not match other tags, unquoted ones, or no header', () => {
    for (const header of ['"abcd"', 'abc', '"ab", "c"', '', '"*"']) expect(ifNoneMatchMatches(header, '"abc"'), header).toBe(false);
    expect(ifNoneMatchMatches(undefined, '"abc"')).toBe(false);
  });
});
