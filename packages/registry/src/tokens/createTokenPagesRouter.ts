import Router from '@koa/router';
import type { AuthenticatedUser } from '../accounts/AuthenticatedUser.js';
import type { RegistryContext, RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { requestOrigin } from '../events/requestOrigin.js';
import { HttpError } from '../http/HttpError.js';
import { dateView } from '../pages/dateView.js';
import type { PageViews, TokenFormView, TokenView } from '../pages/PageViews.js';
import { readPageForm } from '../pages/readPageForm.js';
import { renderPage, type RenderPageOptions } from '../pages/renderPage.js';
import { setFlashMessage } from '../pages/setFlashMessage.js';
import { tryFormAction } from '../pages/tryFormAction.js';
import { listUserProjects } from '../projects/listUserProjects.js';
import { requirePageSudo } from '../twoFactor/sudo/requirePageSudo.js';
import { createApiToken, tokenIssuerOf } from './createApiToken.js';
import type { ApiTokenSummary } from './describeTokenRow.js';
import { listApiTokens } from './listApiTokens.js';
import { parseSourceAddresses, parseTokenName, parseTokenProjects } from './parseTokenFields.js';
import { revokeApiToken } from './revokeApiToken.js';

const tokensPath = '/account/tokens/';
const newTokenPath = '/account/tokens/new';
/** The lifetimes the form offers, in days ('' is none, or the longest the registry allows). */
const lifetimeChoices = [1, 7, 30, 90, 365];

/**
 * The API token pages, on the same functions as the JSON API: the list (GET /account/tokens/: scope, created,
 * expires, last used, and a revoke button each), the new-token form (GET/POST /account/tokens/new: name, the whole
 * account or chosen projects, an optional lifetime and address ranges), whose answer shows the token once, and revoke
 * (POST /account/tokens/<id>/revoke). Creating and revoking need sudo mode (requirePageSudo).
 */
export function createTokenPagesRouter(_deps: RegistryDeps): RegistryRouter {
  const router = new Router<RegistryState>();

  router.get(tokensPath, async (ctx) => {
    if (!ctx.state.user) return ctx.redirect('/account/login');
    await showTokens(ctx, ctx.state.user);
  });

  router.get(newTokenPath, async (ctx) => {
    const user = requirePageSudo(ctx);
    if (user === null) return;
    renderPage(ctx, 'account/token-new', await tokenForm(ctx, user, new URLSearchParams()));
  });

  router.post(newTokenPath, async (ctx) => {
    const form = await readPageForm(ctx);
    const user = requirePageSudo(ctx, newTokenPath);
    if (user === null) return;
    let created: (ApiTokenSummary & { token: string }) | undefined;
    const made = await tryFormAction(
      ctx,
      async () => {
        created = await createApiToken(tokenIssuerOf(ctx.state), { user, ...tokenRequestOf(ctx, form), ...requestOrigin(ctx) });
      },
      async (shown) => renderPage(ctx, 'account/token-new', await tokenForm(ctx, user, form), shown),
    );
    if (!made || created === undefined) return;
    const view: PageViews['account/token-created'] = {
      title: 'Your new API token',
      name: created.name,
      scope: scopeText(created),
      token: created.token,
      expires: created.expiresAt === null ? null : dateView(new Date(created.expiresAt)),
      uploadCommand: `twine upload --repository-url ${ctx.state.config.publicUrl}/legacy/ -u __token__ dist/*`,
    };
    // renderPage sends Cache-Control: no-store: the token must not stay in any cache.
    renderPage(ctx, 'account/token-created', view, { status: 201 });
  });

  router.post(`${tokensPath}:id/revoke`, async (ctx) => {
    await readPageForm(ctx);
    const user = requirePageSudo(ctx, tokensPath);
    if (user === null) return;
    const revoked = await tryFormAction(
      ctx,
      () => revokeApiToken(ctx.state.db, { userId: user.id, tokenId: ctx.params.id ?? '', now: ctx.state.now(), ...requestOrigin(ctx) }),
      (shown) => showTokens(ctx, user, shown),
    );
    if (!revoked) return;
    setFlashMessage(ctx, 'token_revoked');
    ctx.status = 303;
    ctx.redirect(tokensPath);
  });

  return router;
}

async function showTokens(ctx: RegistryContext, user: AuthenticatedUser, options: RenderPageOptions = {}): Promise<void> {
  const tokens = await listApiTokens(ctx.state.db, user.id, ctx.state.now());
  renderPage(ctx, 'account/tokens', { title: 'API tokens', tokens: tokens.map(tokenView) }, options);
}

function tokenView(token: ApiTokenSummary): TokenView {
  return {
    id: token.id,
    name: token.name,
    scope: scopeText(token),
    created: dateView(new Date(token.createdAt)),
    expires: token.expiresAt === null ? null : dateView(new Date(token.expiresAt)),
    lastUsed: token.lastUsed === null ? null : dateView(new Date(token.lastUsed.at)),
    lastUsedIp: token.lastUsed?.ip ?? null,
    sourceAddresses: token.sourceAddresses,
    problems: token.problems,
    revokeAction: `${tokensPath}${encodeURIComponent(token.id)}/revoke`,
  };
}

function scopeText(token: Pick<ApiTokenSummary, 'scope'>): string {
  return token.scope.kind === 'account' ? 'Whole account' : `${token.scope.projects.length === 1 ? 'Project' : 'Projects'}: ${token.scope.projects.join(', ')}`;
}

/** The form's fields as createApiToken takes them (400 with a message for what does not parse). */
function tokenRequestOf(ctx: RegistryContext, form: URLSearchParams) {
  const chosen = form.getAll('project');
  if (form.get('scope') === 'projects' && chosen.length === 0) throw new HttpError(400, 'invalid_projects', 'Choose at least one project, or a token for the whole account');
  const lifetime = form.get('lifetime') ?? '';
  if (lifetime !== '' && !/^\d{1,4}$/.test(lifetime)) throw new HttpError(400, 'invalid_expiry', 'Choose a lifetime from the list');
  const ranges = (form.get('source_addresses') ?? '').split(/[\s,]+/).filter((range) => range !== '');
  return {
    name: parseTokenName(form.get('name') ?? ''),
    projects: form.get('scope') === 'projects' ? parseTokenProjects(chosen) : null,
    expiresAt: lifetime === '' ? null : Math.floor(ctx.state.now() / 1000) + Number(lifetime) * 86_400,
    sourceAddresses: ranges.length === 0 ? null : parseSourceAddresses(ranges),
  };
}

/** The new-token form, filled with `form` (empty for a new one). */
async function tokenForm(ctx: RegistryContext, user: AuthenticatedUser, form: URLSearchParams): Promise<TokenFormView> {
  const projects = await listUserProjects(ctx.state.db, user.id);
  const chosen = new Set(form.getAll('project'));
  const maxDays = ctx.state.config.tokenMaxLifetimeDays;
  const lifetime = form.get('lifetime') ?? '';
  const choices = [
    { value: '', label: maxDays > 0 ? `The longest allowed (${maxDays} days)` : 'No expiry' },
    ...lifetimeChoices.filter((days) => maxDays === 0 || days < maxDays).map((days) => ({ value: String(days), label: days === 1 ? '1 day' : `${days} days` })),
  ];
  return {
    title: 'Add an API token',
    name: form.get('name') ?? '',
    scope: form.get('scope') === 'projects' ? 'projects' : 'account',
    projects: projects.map((project) => ({ name: project.name, checked: chosen.has(project.name) })),
    expiry: choices.map((choice) => ({ ...choice, selected: choice.value === lifetime })),
    sourceAddresses: form.get('source_addresses') ?? '',
  };
}
