import { describe, expect, it } from 'vitest';
import { filePath } from './filePath.js';

describe('filePath', () => {
  it('puts the filename under the sharded SHA-256, percent-encoded', () => {
    const sha256 = `abcd${'0'.repeat(60)}`;
    expect(filePath(sha256, 'tiny-1.0+local.tar.gz')).toBe(`files/ab/cd/${sha256}/tiny-1.0%2Blocal.tar.gz`);
  });
});
