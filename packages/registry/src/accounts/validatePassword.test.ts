import { describe, expect, it } from 'vitest';
import { validatePassword } from './validatePassword.js';

describe('validatePassword', () => {
  it('accepts 8 characters, counted as characters (not UTF-16 units or bytes)', () => {
    expect(validatePassword('12345678')).toBe('12345678');
    expect(validatePassword('🔑🔑🔑🔑🔑🔑🔑🔑')).toBe('🔑🔑🔑🔑🔑🔑🔑🔑');
    expect(() => validatePassword('🔑🔑🔑🔑🔑🔑🔑')).toThrow('at least 8 characters');
  });
  it('refuses missing, short and over-long passwords', () => {
    expect(() => validatePassword(undefined)).toThrow('A password is required');
    expect(() => validatePassword('1234567')).toThrow('at least 8 characters');
    expect(validatePassword('x'.repeat(4096))).toHaveLength(4096);
    expect(() => validatePassword('x'.repeat(4097))).toThrow('at most 4096 characters');
  });
});
