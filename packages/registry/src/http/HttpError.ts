/**
 * An answer other than success, decided on purpose: `status` (4xx for the client's fault), a stable machine `code`
 * (snake_case) and a `message` for people, shown as the HTTP status line too (twine only prints that line).
 * `headers` go out with the answer (Retry-After, WWW-Authenticate, …).
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, message: string, headers: Readonly<Record<string, string>> = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}
