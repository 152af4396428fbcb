import type { RegistryContext } from '../app/RegistryState.js';
import { formError } from './formError.js';
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
    const refused = formError(ctx, error);
    await showForm({ status: refused.status, error: refused.message });
    return false;
  }
}
