import { HttpError } from '../../http/HttpError.js';
import { keyNameMaxLength } from './webauthnRules.js';

// C0 and C1 controls, and line and paragraph separators: a name appears in lists, events and status lines.
const controlCharacter = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** The name a user gives a key, trimmed: 1 to 64 characters, no control characters; otherwise 400 invalid_name. */
export function validateSecurityKeyName(value: unknown): string {
  if (typeof value !== 'string') throw new HttpError(400, 'invalid_name', `Name the key: 1 to ${keyNameMaxLength} characters`);
  const name = value.trim();
  const length = [...name].length;
  if (length === 0 || length > keyNameMaxLength) {
    throw new HttpError(400, 'invalid_name', `A key name must be 1 to ${keyNameMaxLength} characters, not ${length}`);
  }
  if (controlCharacter.test(name)) throw new HttpError(400, 'invalid_name', 'A key name may not contain control characters');
  return name;
}
