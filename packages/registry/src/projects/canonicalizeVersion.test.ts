import { describe, expect, it } from 'vitest';
import { canonicalizeVersion } from './canonicalizeVersion.js';

describe('canonicalizeVersion', () => {
  it('gives the same normalized form as packaging.version.Version', () => {
    // Expected values printed by str(packaging.version.Version(v)) (packaging 23.0).
    const expected: Record<string, string> = {
      '1.0': '1.0',
      '1.0.0': '1.0.0',
      'V1.0-RC.1+Ubuntu_1': '1.0rc1+ubuntu.1',
      '1.0-post1': '1.0.post1',
      '1!2.0a.1.dev3+Local.Ver': '1!2.0a1.dev3+local.ver',
      '01.02': '1.2',
      '1.0a': '1.0a0',
      '1.0.post': '1.0.post0',
      '1.0-1': '1.0.post1',
      '2.0.0b2-dev-5': '2.0.0b2.dev5',
      '1.0c1': '1.0rc1',
      '1.0preview2': '1.0rc2',
      '1.0-r4': '1.0.post4',
      '1.0.dev': '1.0.dev0',
      '0.1.0.dev0+g1234abc': '0.1.0.dev0+g1234abc',
    };
    for (const [version, canonical] of Object.entries(expected)) expect(canonicalizeVersion(version), version).toBe(canonical);
  });

  it('refuses what is not a PEP 440 version', () => {
    for (const version of ['', 'abc', '1.0.', '1..0', '1.0 ', ' 1.0', '1.0/../x', '1.0-foo', '1.0+', '1.0+a..b', `1.${'0'.repeat(300)}`]) {
      expect(canonicalizeVersion(version), version).toBeNull();
    }
  });
});
