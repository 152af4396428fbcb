import { describe, expect, it } from 'vitest';
import { normalizeProjectName } from './normalizeProjectName.js';

describe('normalizeProjectName', () => {
  it('collapses runs of -, _ and . into one - and lower-cases (PEP 503 examples)', () => {
    for (const name of ['friendly-bard', 'Friendly-Bard', 'FRIENDLY-BARD', 'friendly.bard', 'friendly_bard', 'friendly--bard', 'FrIeNdLy-._.-bArD']) {
      expect(normalizeProjectName(name)).toBe('friendly-bard');
    }
  });

  it('leaves other characters alone', () => {
    expect(normalizeProjectName('Zope2')).toBe('zope2');
    expect(normalizeProjectName('a')).toBe('a');
  });
});
