import { describe, expect, it } from 'vitest';
import { compareVersions } from './compareVersions.js';

describe('compareVersions', () => {
  it('orders by PEP 440, not by text', () => {
    const versions = ['1.10', '1.0', '1.0rc1', '1!0.1', '1.0.post1', '1.0.dev0', '1.2', '1.0+local'];
    expect(versions.sort(compareVersions)).toEqual(['1.0.dev0', '1.0rc1', '1.0', '1.0+local', '1.0.post1', '1.2', '1.10', '1!0.1']);
  });

  it('treats equal versions as equal and unparsable ones as smallest', () => {
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
    expect(compareVersions('not a version', '0.0.1')).toBeLessThan(0);
    expect(compareVersions('0.0.1', 'not a version')).toBeGreaterThan(0);
    expect(compareVersions('a-', 'b-')).toBeLessThan(0);
  });
});
