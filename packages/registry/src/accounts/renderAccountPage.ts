import { escapeHtml } from '../http/escapeHtml.js';
import { csrfFieldName } from './accountRules.js';

export interface AccountPage {
  title: string;
  /** A message shown above the form (an error), as text. */
  notice?: string;
  /** Which page: a credentials form posting to `action`, or the signed-in page. */
  form:
    | { kind: 'credentials'; action: string; submit: string; username?: string; autocomplete: 'new-password' | 'current-password' }
    | { kind: 'second-factor'; action: string; submit: string }
    | { kind: 'signed-in'; username: string };
  csrfToken: string;
}

/** The plain account pages (sign-up, login, signed-in with a logout button). Real pages come with the web UI. */
export function renderAccountPage(page: AccountPage): string {
  const csrf = `<input type="hidden" name="${csrfFieldName}" value="${escapeHtml(page.csrfToken)}">`;
  const notice = page.notice === undefined ? '' : `<p role="alert">${escapeHtml(page.notice)}</p>\n`;
  let body: string;
  if (page.form.kind === 'credentials') {
    body = `<form method="post" action="${escapeHtml(page.form.action)}">
${csrf}
<p><label>Username <input name="username" autocomplete="username" required maxlength="50" value="${escapeHtml(page.form.username ?? '')}"></label></p>
<p><label>Password <input name="password" type="password" autocomplete="${page.form.autocomplete}" required minlength="8"></label></p>
<p><button type="submit">${escapeHtml(page.form.submit)}</button></p>
</form>
<p><a href="/account/login">Log in</a> · <a href="/account/register">Create an account</a></p>`;
  } else if (page.form.kind === 'second-factor') {
    body = `<form method="post" action="${escapeHtml(page.form.action)}">
${csrf}
<p><label>Code from your authenticator app, or a recovery code <input name="code" autocomplete="one-time-code" required maxlength="64" autofocus></label></p>
<p><button type="submit">${escapeHtml(page.form.submit)}</button></p>
</form>`;
  } else {
    body = `<p>Signed in as <strong>${escapeHtml(page.form.username)}</strong>.</p>
<form method="post" action="/account/logout">
${csrf}
<button type="submit">Log out</button>
</form>`;
  }
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(page.title)} · keybridge</title></head>
<body>
<h1>${escapeHtml(page.title)}</h1>
${notice}${body}
</body>
</html>
`;
}
