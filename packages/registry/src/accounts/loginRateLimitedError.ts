import { HttpError } from '../http/HttpError.js';

/** The 429 for a password check refused by the login limit (takeLoginAttempt), with Retry-After. */
export function loginRateLimitedError(retryAfterSeconds: number): HttpError {
  return new HttpError(429, 'rate_limited', `Too many failed logins: try again in ${retryAfterSeconds} seconds`, {
    'Retry-After': String(retryAfterSeconds),
  });
}
