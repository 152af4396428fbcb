import type { RegistryContext } from '../app/RegistryState.js';
import { HttpError } from '../http/HttpError.js';
import type { RenderPageOptions } from './renderPage.js';

/**
 * Runs a form post's `action`. A client error it throws (an HttpError below 500: a wrong password, a name taken, a
 * last owner…) is answered by `showForm` — the form again, with the error's message, status and headers (Retry-After)
 * — rather than an error page; anything else propagates. Answers whether the action succeeded.
 */
export async function tryFormAction(ctx: RegistryContext, action: () => Promise<unknown>, showForm: (options: Required<RenderPageOptions>) => void | Promise<void>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    if (!(error instanceof HttpError) || error.status >= 500) throw error;
    for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
    await showForm({ status: error.status, error: error.message });
    return false;
  }
}
