import type { RegistryContext } from '../app/RegistryState.js';
import { HttpError } from '../http/HttpError.js';

/**
 * A form's refusal to show on its page: `error` if it is an HttpError of the client's (4xx), with its headers
 * (Retry-After…) set on the answer; anything else is thrown again, for the error handler.
 */
export function formError(ctx: RegistryContext, error: unknown): HttpError {
  if (!(error instanceof HttpError) || error.status >= 500) throw error;
  for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
  return error;
}
