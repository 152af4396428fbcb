import { HttpError } from '../http/HttpError.js';
import { usernameMaxLength, usernamePattern } from './accountRules.js';

/** The username if PyPI would accept it; otherwise a 400 that says the rule. */
export function validateUsername(username: unknown): string {
  if (typeof username !== 'string' || username === '') throw new HttpError(400, 'invalid_username', 'A username is required');
  if (username.length > usernameMaxLength) {
    throw new HttpError(400, 'invalid_username', `The username must be at most ${usernameMaxLength} characters`);
  }
  if (!usernamePattern.test(username)) {
    throw new HttpError(
      400,
      'invalid_username',
      'The username must start and end with a letter or digit and contain only letters, digits, ".", "_" and "-"',
    );
  }
  return username;
}
