import { describe, expect, it } from 'vitest';
import { algorithmName } from './algorithmName.js';

describe('algorithmName', () => {
  it('names COSE algorithms, and shows an unknown one by number', () => {
    expect(algorithmName(-7)).toBe('ES256');
    expect(algorithmName(-8)).toBe('EdDSA');
    expect(algorithmName(-257)).toBe('RS256');
    expect(algorithmName(-999)).toBe('COSE -999');
  });
});
