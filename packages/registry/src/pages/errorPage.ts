import type { RegistryContext } from '../app/RegistryState.js';
import type { ErrorPage } from '../http/errorHandler.js';
import { renderPage } from './renderPage.js';

/** Paths of the machine interfaces: their errors stay plain text (or JSON) whatever the client accepts. */
const toolPaths = /^\/(api|simple|pypi|files|legacy|static|healthz|readyz)(\/|$)/;

const titles: Record<number, string> = {
  400: 'Bad request',
  403: 'Forbidden',
  404: 'Page not found',
  405: 'Method not allowed',
  413: 'Too large',
  415: 'Unsupported form',
  429: 'Too many attempts',
  503: 'Unavailable',
};

/**
 * Errors as pages in the site's layout, for browsers: requests that name text/html in Accept (as navigations do;
 * fetch and the Python tools send *&#47;* or their own types) outside the tools' paths.
 */
export function errorPage(): ErrorPage {
  return {
    wanted: (ctx: RegistryContext) => ctx.state.config !== undefined && !toolPaths.test(ctx.path) && /\btext\/html\b/i.test(ctx.get('Accept')),
    render: (ctx, answer) => {
      const title = titles[answer.status] ?? (answer.status >= 500 ? 'Something went wrong' : 'Error');
      const message = answer.status === 404 && answer.message === 'Not Found' ? 'There is no page at this address.' : answer.message;
      renderPage(ctx, 'error', { title, status: answer.status, message }, { status: answer.status });
    },
  };
}
