import type { RegistryContext } from '../app/RegistryState.js';
import { csrfFieldName } from '../accounts/accountRules.js';
import { verifyCsrfToken } from '../accounts/csrfToken.js';
import { readFormBody } from '../http/readFormBody.js';

/** The fields of a page's form post, after its csrf_token field was checked (403 otherwise): every page form reads through this. */
export async function readPageForm(ctx: RegistryContext): Promise<URLSearchParams> {
  const form = await readFormBody(ctx);
  verifyCsrfToken(ctx, form.get(csrfFieldName));
  return form;
}
