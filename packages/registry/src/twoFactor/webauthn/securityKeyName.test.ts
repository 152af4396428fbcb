import { describe, expect, it } from 'vitest';
import { HttpError } from '../../http/HttpError.js';
import { validateSecurityKeyName } from './securityKeyName.js';

describe('validateSecurityKeyName', () => {
  it('trims, and counts characters rather than UTF-16 units', () => {
    expect(validateSecurityKeyName('  YubiKey 5 NFC \n')).toBe('YubiKey 5 NFC');
    expect(validateSecurityKeyName('🔑'.repeat(64))).toBe('🔑'.repeat(64));
  });

  it.each<[unknown, string]>([
    [undefined, 'Name the key: 1 to 64 characters'],
    ['   ', 'A key name must be 1 to 64 characters, not 0'],
    ['k'.repeat(65), 'A key name must be 1 to 64 characters, not 65'],
    ['two\nlines', 'A key name may not contain control characters'],
  ])('refuses %j with 400 invalid_name', (name, message) => {
    const error = (() => {
      try {
        validateSecurityKeyName(name);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_name', message });
  });
});
