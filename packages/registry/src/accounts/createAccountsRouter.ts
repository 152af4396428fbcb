import Router from '@koa/router';
import type { RegistryContext, RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { recordEvent } from '../events/recordEvent.js';
import { requestOrigin } from '../events/requestOrigin.js';
import { HttpError } from '../http/HttpError.js';
import { readJsonBody } from '../http/readJsonBody.js';
import { renderPage } from '../pages/renderPage.js';
import type { PageViews } from '../pages/PageViews.js';
import { readPageForm } from '../pages/readPageForm.js';
import { setFlashMessage } from '../pages/setFlashMessage.js';
import { tryFormAction } from '../pages/tryFormAction.js';
import { checkSecondFactor, secondFactorCodeProof, type SecondFactorProof } from '../twoFactor/checkSecondFactor.js';
import { webauthnFormField } from '../twoFactor/webauthn/webauthnFormField.js';
import { secondFactorStatus } from '../twoFactor/secondFactorStatus.js';
import { assertSignupOpen } from './assertSignupOpen.js';
import { attemptPasswordLogin } from './attemptPasswordLogin.js';
import { csrfTokenFor } from './csrfToken.js';
import { loginRateLimitedError } from './loginRateLimitedError.js';
import { registerUser } from './registerUser.js';
import { requireUser } from './requireUser.js';
import { signIn } from './signIn.js';
import { signOut } from './signOut.js';
import { userJson } from './userJson.js';

/**
 * Sign-up, login, logout and "who am I", twice: a JSON API under /api/v1 (for the CLI; changing calls made with a
 * session cookie need X-CSRF-Token, see requireApiCsrfHeader) and the pages under /account (templates/pages/account/;
 * every form post checks the csrf_token field).
 */
export function createAccountsRouter(_deps: RegistryDeps): RegistryRouter {
  const router = new Router<RegistryState>();

  router.post('/api/v1/accounts', async (ctx) => {
    assertSignupOpen(ctx.state.config);
    const { username, password } = credentialsFromJson(await readJsonBody(ctx));
    const user = await registerUser(ctx.state.db, { username, password, ...requestOrigin(ctx), via: 'api' });
    await signIn(ctx, user);
    ctx.status = 201;
    ctx.body = { user: userJson(user), csrfToken: csrfTokenFor(ctx) };
  });

  router.post('/api/v1/session', async (ctx) => {
    const { username, password } = credentialsFromJson(await readJsonBody(ctx));
    const result = await attemptPasswordLogin(ctx.state.db, { username, password, ...requestOrigin(ctx), via: 'api', now: ctx.state.now() });
    if (!result.ok) throw loginError(result);
    const twoFactor = await secondFactorStatus(ctx.state.db, result.user.id);
    if (twoFactor.enabled) {
      // Half signed in: only the second-factor step (POST /api/v1/session/second-factor) accepts this session.
      await signIn(ctx, result.user, { secondFactorPending: true });
      ctx.body = { secondFactorRequired: true, methods: twoFactor.methods, csrfToken: csrfTokenFor(ctx) };
      return;
    }
    await signIn(ctx, result.user);
    ctx.body = { user: userJson(result.user), csrfToken: csrfTokenFor(ctx) };
  });

  router.delete('/api/v1/session', async (ctx) => {
    // A half signed-in session may be abandoned too.
    if (!ctx.state.pendingUser) requireUser(ctx);
    await signOut(ctx, 'api');
    ctx.status = 204;
  });

  router.get('/api/v1/me', async (ctx) => {
    const user = requireUser(ctx);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { user: userJson(user), csrfToken: csrfTokenFor(ctx) };
  });

  router.get('/account/', async (ctx) => {
    if (!ctx.state.user) return ctx.redirect('/account/login');
    renderPage(ctx, 'account/index', { title: 'Your account', username: ctx.state.user.username });
  });

  router.get('/account/register', async (ctx) => {
    assertSignupOpen(ctx.state.config);
    renderPage(ctx, 'account/register', registerForm(''));
  });
  router.post('/account/register', async (ctx) => {
    assertSignupOpen(ctx.state.config);
    const form = await readPageForm(ctx);
    const username = form.get('username') ?? '';
    const registered = await tryFormAction(
      ctx,
      async () => signIn(ctx, await registerUser(ctx.state.db, { username, password: form.get('password') ?? '', ...requestOrigin(ctx), via: 'form' })),
      (shown) => renderPage(ctx, 'account/register', registerForm(username), shown),
    );
    if (!registered) return;
    setFlashMessage(ctx, 'signed_up');
    ctx.status = 303;
    ctx.redirect('/account/');
  });

  router.get('/account/login', async (ctx) => renderPage(ctx, 'account/login', loginForm('')));
  router.post('/account/login', async (ctx) => {
    const form = await readPageForm(ctx);
    const username = form.get('username') ?? '';
    const password = form.get('password') ?? '';
    if (username === '' || password === '') return renderPage(ctx, 'account/login', loginForm(username), { status: 400, error: 'Enter a username and a password' });
    const result = await attemptPasswordLogin(ctx.state.db, { username, password, ...requestOrigin(ctx), via: 'form', now: ctx.state.now() });
    if (!result.ok) {
      const error = loginError(result);
      for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
      return renderPage(ctx, 'account/login', loginForm(username), { status: error.status, error: error.message });
    }
    const twoFactor = await secondFactorStatus(ctx.state.db, result.user.id);
    await signIn(ctx, result.user, { secondFactorPending: twoFactor.enabled });
    ctx.status = 303;
    ctx.redirect(twoFactor.enabled ? '/account/two-factor' : '/account/');
  });

  // The form login's second step: a TOTP code, a recovery code, or a security key (through the page's script).
  router.get('/account/two-factor', async (ctx) => {
    if (!ctx.state.pendingUser) return ctx.redirect(ctx.state.user ? '/account/' : '/account/login');
    renderPage(ctx, 'account/two-factor', await secondFactorForm(ctx, ctx.state.pendingUser.id));
  });
  router.post('/account/two-factor', async (ctx) => {
    const form = await readPageForm(ctx);
    const user = ctx.state.pendingUser;
    if (!user || !ctx.state.session) {
      ctx.status = 303;
      return ctx.redirect('/account/login');
    }
    let proof: SecondFactorProof | undefined;
    const sessionHash = ctx.state.session.idHash;
    const checked = await tryFormAction(
      ctx,
      async () => {
        // The security-key form (static/webauthn-forms.js) sends the browser's answer; the code form a code.
        proof = form.has('webauthn') ? { method: 'security_key', response: webauthnFormField(form) } : secondFactorCodeProof(form.get('code') ?? '');
        await checkSecondFactor(ctx, user, sessionHash, proof, 'login');
      },
      async (shown) => renderPage(ctx, 'account/two-factor', await secondFactorForm(ctx, user.id), shown),
    );
    if (!checked || proof === undefined) return;
    await signIn(ctx, user);
    await recordEvent(ctx.state.db, { kind: 'account.login_second_factor', userId: user.id, ...requestOrigin(ctx), details: { method: proof.method } });
    ctx.status = 303;
    ctx.redirect('/account/');
  });

  router.post('/account/logout', async (ctx) => {
    const form = await readPageForm(ctx);
    await signOut(ctx, 'form');
    setFlashMessage(ctx, 'logged_out');
    ctx.status = 303;
    ctx.redirect('/account/login');
  });

  return router;
}

function registerForm(username: string): PageViews['account/register'] {
  return { title: 'Create an account', username };
}

function loginForm(username: string): PageViews['account/login'] {
  return { title: 'Log in', username };
}

/** The second-factor step: the security-key button only for an account with a key. */
async function secondFactorForm(ctx: RegistryContext, userId: number): Promise<PageViews['account/two-factor']> {
  const { securityKeys } = await secondFactorStatus(ctx.state.db, userId);
  return { title: 'Second factor', securityKeys: ctx.state.config.securityKeys && securityKeys > 0 };
}


function credentialsFromJson(body: unknown): { username: string; password: string } {
  const { username, password } = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  if (typeof username !== 'string' || typeof password !== 'string') {
    throw new HttpError(400, 'invalid_request', 'Expected a JSON object with "username" and "password" strings');
  }
  return { username, password };
}

function loginError(result: { reason: 'invalid_credentials' } | { reason: 'rate_limited'; retryAfterSeconds: number }): HttpError {
  if (result.reason === 'rate_limited') return loginRateLimitedError(result.retryAfterSeconds);
  return new HttpError(401, 'invalid_credentials', 'Invalid username or password');
}

