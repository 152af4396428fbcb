import { describe, expect, it } from 'vitest';
import { credProtectName } from './credProtectName.js';

describe('credProtectName', () => {
  it('names credProtect levels, and shows an unknown one by number', () => {
    expect(credProtectName(1)).toBe('userVerificationOptional');
    expect(credProtectName(2)).toBe('userVerificationOptionalWithCredentialIdList');
    expect(credProtectName(3)).toBe('userVerificationRequired');
    expect(credProtectName(9)).toBe('level 9');
  });
});
