import type { RegistryContext } from '../app/RegistryState.js';
import { csrfTokenFor } from '../accounts/csrfToken.js';
import { statusLine } from '../http/statusLine.js';
import type { FlashMessage } from './flashMessages.js';
import type { PageName, PageViews, SiteView } from './PageViews.js';
import { sharedStaticFiles } from './sharedStaticFiles.js';
import { takeFlashMessage } from './takeFlashMessage.js';
import { templateEngine } from './templateEngine.js';

export interface RenderPageOptions {
  /** HTTP status (default 200). */
  status?: number;
  /** An error to show above the content, also sent as the status line (as the plain pages did: tools read it). */
  error?: string;
}

/**
 * Answers with templates/pages/<name>.eta inside the layout: the one place HTML pages are made. `it.page` is `view`,
 * `it.site` the layout's data (SiteView). Pages are never stored by caches: they show who is signed in, and forms
 * carry a CSRF token. A page's own scripts (modules under static/, never inline: the CSP forbids it) go in the
 * layout's head through `<% block('head', () => { %><script type="module" src="<%= it.site.asset('….js') %>"></script><% }) %>`;
 * forms include partials/csrf and are read back with readPageForm.
 */
export function renderPage<Name extends PageName>(ctx: RegistryContext, name: Name, view: PageViews[Name], options: RenderPageOptions = {}): void {
  const { config } = ctx.state;
  const messages: FlashMessage[] = [];
  const flash = takeFlashMessage(ctx);
  if (flash) messages.push(flash);
  if (options.error !== undefined) messages.push({ kind: 'error', text: options.error });
  let csrfToken: string | undefined;
  const files = sharedStaticFiles();
  const site: SiteView = {
    name: config.siteName,
    publicUrl: config.publicUrl,
    user: ctx.state.user ? { username: ctx.state.user.username } : null,
    signupOpen: config.signup === 'open',
    messages,
    // Only pages with a form (or a signed-in header, whose log-out button is one) ask: others set no CSRF cookie.
    csrfToken: () => (csrfToken ??= csrfTokenFor(ctx)),
    asset: (path) => files.url(path),
    path: ctx.path,
  };
  const html = templateEngine().render(`/pages/${name}`, { page: view, site });
  ctx.status = options.status ?? 200;
  if (options.error !== undefined) ctx.message = statusLine(options.error);
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = html;
}
