import { HttpError } from '../http/HttpError.js';

/** PyPI keeps a yank reason short enough for a line of pip's warning; this is generous. */
const maxYankReasonLength = 1000;

/** A yank reason as given: absent, null or '' for none, else a string of at most maxYankReasonLength characters (400 otherwise). */
export function parseYankReason(reason: unknown): string | null {
  if (reason === undefined || reason === null || reason === '') return null;
  if (typeof reason !== 'string' || reason.length > maxYankReasonLength) {
    throw new HttpError(400, 'invalid_field', `reason must be a string of at most ${maxYankReasonLength} characters`);
  }
  return reason;
}
