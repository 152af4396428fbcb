import { describe, expect, it } from 'vitest';
import { withDefinedMembers } from './withDefinedMembers.js';

describe('withDefinedMembers', () => {
  it('copies the members that are defined and leaves the undefined ones out entirely', () => {
    const result = withDefinedMembers<{ a: number; b?: string; c?: boolean; d?: number }>({ a: 1 }, { b: 'x', c: undefined, d: 0 });
    expect(result).toEqual({ a: 1, b: 'x', d: 0 });
    expect('c' in result).toBe(false);
  });

  it('returns the target it was given, keeping falsy values such as false and 0', () => {
    const target: { flag?: boolean } = {};
    expect(withDefinedMembers(target, { flag: false })).toBe(target);
    expect(target).toEqual({ flag: false });
  });
});
