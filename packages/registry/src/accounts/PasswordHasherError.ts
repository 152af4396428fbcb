/**
 * The password hashing worker failed — it crashed or could not start ('password_hasher_crashed'), or answered with an
 * error ('password_hasher_failed'): a fault of the server, not of the request's input, so it ends as a logged 500.
 * Only the request in flight on that worker fails; after a crash the next request gets a new worker.
 */
export class PasswordHasherError extends Error {
  readonly code: 'password_hasher_crashed' | 'password_hasher_failed';

  constructor(code: PasswordHasherError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PasswordHasherError';
    this.code = code;
  }
}
