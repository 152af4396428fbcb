import { HttpError } from '../../http/HttpError.js';

/**
 * The browser's WebAuthn answer in a page's form post: static/webauthn-forms.js puts it in the `webauthn` field as
 * JSON. 400 when it is missing (the page's script did not run) or not JSON.
 */
export function webauthnFormField(form: URLSearchParams): unknown {
  const text = form.get('webauthn');
  if (text === null || text === '') throw new HttpError(400, 'webauthn_missing', 'Security keys need JavaScript in this page: turn it on, reload, and try again');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_webauthn_response', 'Malformed security-key response: not JSON');
  }
}
