import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/HttpError.js';
import { normalizeUsername } from './normalizeUsername.js';
import { validateUsername } from './validateUsername.js';

describe('validateUsername', () => {
  it.each(['a', 'A9', 'jane.doe', 'jane_doe-2', 'X'.repeat(50), '0.0'])('accepts %j', (username) => {
    expect(validateUsername(username)).toBe(username);
  });
  it.each([['', 'required'], ['.a', 'start and end'], ['a_', 'start and end'], ['a b', 'start and end'], ['a/b', 'start and end'], ['é', 'start and end'], ['X'.repeat(51), 'at most 50'], [5, 'required'], [null, 'required']])(
    'refuses %j with 400',
    (username, reason) => {
      expect(() => validateUsername(username)).toThrow(HttpError);
      expect(() => validateUsername(username)).toThrow(reason);
    },
  );
  it('normalizes to lower case', () => {
    expect(normalizeUsername('Jane.DOE')).toBe('jane.doe');
  });
});
