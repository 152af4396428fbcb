import Router from '@koa/router';
import type { RegistryContext, RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { recordEvent } from '../events/recordEvent.js';
import { requestOrigin } from '../events/requestOrigin.js';
import { HttpError } from '../http/HttpError.js';
import { readFormBody } from '../http/readFormBody.js';
import { readJsonBody } from '../http/readJsonBody.js';
import { statusLine } from '../http/statusLine.js';
import { checkSecondFactor } from '../twoFactor/checkSecondFactor.js';
import { secondFactorStatus } from '../twoFactor/secondFactorStatus.js';
import { csrfFieldName } from './accountRules.js';
import { assertSignupOpen } from './assertSignupOpen.js';
import { attemptPasswordLogin } from './attemptPasswordLogin.js';
import { csrfTokenFor, verifyCsrfToken } from './csrfToken.js';
import { loginRateLimitedError } from './loginRateLimitedError.js';
import { registerUser } from './registerUser.js';
import { renderAccountPage, type AccountPage } from './renderAccountPage.js';
import { requireUser } from './requireUser.js';
import { signIn } from './signIn.js';
import { signOut } from './signOut.js';
import { userJson } from './userJson.js';

/**
 * Sign-up, login, logout and "who am I", twice: a JSON API under /api/v1 (for the CLI; changing calls made with a
 * session cookie need X-CSRF-Token, see requireApiCsrfHeader) and plain HTML form posts under /account (every post
 * checks the csrf_token field).
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
    page(ctx, 200, { title: 'Your account', form: { kind: 'signed-in', username: ctx.state.user.username } });
  });

  router.get('/account/register', async (ctx) => {
    assertSignupOpen(ctx.state.config);
    page(ctx, 200, registerForm());
  });
  router.post('/account/register', async (ctx) => {
    assertSignupOpen(ctx.state.config);
    const form = await readFormBody(ctx);
    verifyCsrfToken(ctx, form.get(csrfFieldName));
    const username = form.get('username') ?? '';
    try {
      const user = await registerUser(ctx.state.db, { username, password: form.get('password') ?? '', ...requestOrigin(ctx), via: 'form' });
      await signIn(ctx, user);
    } catch (error) {
      if (!(error instanceof HttpError) || error.status >= 500) throw error;
      return page(ctx, error.status, registerForm(username), error.message);
    }
    ctx.status = 303;
    ctx.redirect('/account/');
  });

  router.get('/account/login', async (ctx) => page(ctx, 200, loginForm()));
  router.post('/account/login', async (ctx) => {
    const form = await readFormBody(ctx);
    verifyCsrfToken(ctx, form.get(csrfFieldName));
    const username = form.get('username') ?? '';
    const password = form.get('password') ?? '';
    if (username === '' || password === '') return page(ctx, 400, loginForm(username), 'Enter a username and a password');
    const result = await attemptPasswordLogin(ctx.state.db, { username, password, ...requestOrigin(ctx), via: 'form', now: ctx.state.now() });
    if (!result.ok) {
      const error = loginError(result);
      for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
      return page(ctx, error.status, loginForm(username), error.message);
    }
    const twoFactor = await secondFactorStatus(ctx.state.db, result.user.id);
    await signIn(ctx, result.user, { secondFactorPending: twoFactor.enabled });
    ctx.status = 303;
    ctx.redirect(twoFactor.enabled ? '/account/two-factor' : '/account/');
  });

  // The form login's second step (a TOTP code or a recovery code; security keys need the pages' JavaScript).
  router.get('/account/two-factor', async (ctx) => {
    if (!ctx.state.pendingUser) return ctx.redirect(ctx.state.user ? '/account/' : '/account/login');
    page(ctx, 200, secondFactorForm());
  });
  router.post('/account/two-factor', async (ctx) => {
    const form = await readFormBody(ctx);
    verifyCsrfToken(ctx, form.get(csrfFieldName));
    const user = ctx.state.pendingUser;
    if (!user || !ctx.state.session) {
      ctx.status = 303;
      return ctx.redirect('/account/login');
    }
    const code = (form.get('code') ?? '').trim();
    const proof = /^\d{6}$/.test(code.replace(/\s/g, '')) ? ({ method: 'totp', code } as const) : ({ method: 'recovery_code', code } as const);
    try {
      await checkSecondFactor(ctx, user, ctx.state.session.idHash, proof, 'login');
    } catch (error) {
      if (!(error instanceof HttpError) || error.status >= 500) throw error;
      for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
      return page(ctx, error.status, secondFactorForm(), error.message);
    }
    await signIn(ctx, user);
    await recordEvent(ctx.state.db, { kind: 'account.login_second_factor', userId: user.id, ...requestOrigin(ctx), details: { method: proof.method } });
    ctx.status = 303;
    ctx.redirect('/account/');
  });

  router.post('/account/logout', async (ctx) => {
    const form = await readFormBody(ctx);
    verifyCsrfToken(ctx, form.get(csrfFieldName));
    await signOut(ctx, 'form');
    ctx.status = 303;
    ctx.redirect('/account/login');
  });

  return router;
}

function registerForm(username?: string): Omit<AccountPage, 'csrfToken'> {
  return {
    title: 'Create an account',
    form: { kind: 'credentials', action: '/account/register', submit: 'Create account', autocomplete: 'new-password', ...(username === undefined ? {} : { username }) },
  };
}

function secondFactorForm(): Omit<AccountPage, 'csrfToken'> {
  return { title: 'Second factor', form: { kind: 'second-factor', action: '/account/two-factor', submit: 'Continue' } };
}

function loginForm(username?: string): Omit<AccountPage, 'csrfToken'> {
  return {
    title: 'Log in',
    form: { kind: 'credentials', action: '/account/login', submit: 'Log in', autocomplete: 'current-password', ...(username === undefined ? {} : { username }) },
  };
}

function page(ctx: RegistryContext, status: number, content: Omit<AccountPage, 'csrfToken'>, notice?: string): void {
  ctx.status = status;
  if (notice !== undefined) ctx.message = statusLine(notice);
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = renderAccountPage({ ...content, ...(notice === undefined ? {} : { notice }), csrfToken: csrfTokenFor(ctx) });
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

