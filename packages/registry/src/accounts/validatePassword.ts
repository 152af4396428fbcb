import { HttpError } from '../http/HttpError.js';
import { passwordMaxLength, passwordMinLength } from './accountRules.js';

/** The password if long enough (counted in characters, not bytes) and not absurdly long; otherwise a 400. */
export function validatePassword(password: unknown): string {
  if (typeof password !== 'string' || password === '') throw new HttpError(400, 'invalid_password', 'A password is required');
  const length = [...password].length;
  if (length < passwordMinLength) throw new HttpError(400, 'invalid_password', `The password must be at least ${passwordMinLength} characters`);
  if (length > passwordMaxLength) throw new HttpError(400, 'invalid_password', `The password must be at most ${passwordMaxLength} characters`);
  return password;
}
