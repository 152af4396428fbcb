import Router from '@koa/router';
import { csrfTokenFor } from '../accounts/csrfToken.js';
import { requireUser } from '../accounts/requireUser.js';
import { signIn } from '../accounts/signIn.js';
import { userJson } from '../accounts/userJson.js';
import type { RegistryContext, RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { recordEvent } from '../events/recordEvent.js';
import { requestOrigin } from '../events/requestOrigin.js';
import { HttpError } from '../http/HttpError.js';
import { readJsonBody } from '../http/readJsonBody.js';
import { checkSecondFactor, parseSecondFactorProof } from './checkSecondFactor.js';
import { addSecurityKey, addTotpApp, newRecoveryCodes, removeSecurityKeyOf, removeTotpApp, requireSecurityKeys, webauthnDeps } from './secondFactorChanges.js';
import { hasSecondFactor, secondFactorStatus } from './secondFactorStatus.js';
import { confirmSudo } from './sudo/confirmSudo.js';
import { requireSudo } from './sudo/requireSudo.js';
import { startTotpEnrolment } from './totp/startTotpEnrolment.js';
import { listSecurityKeys } from './webauthn/listSecurityKeys.js';
import { securityKeyAuthenticationOptions } from './webauthn/securityKeyAuthenticationOptions.js';
import { securityKeyRegistrationOptions } from './webauthn/securityKeyRegistrationOptions.js';

/**
 * Second factors, JSON under /api/v1 (session + X-CSRF-Token on changes):
 * - the login's second step, for a session that owes it: POST /session/second-factor/options (a security-key
 *   challenge), POST /session/second-factor {totpCode | recoveryCode | webauthn} (a new, fully signed-in session);
 * - sudo mode: POST /sudo/options, POST /sudo {password, and the second factor if the account has one};
 * - the account's factors, changes in sudo mode only: GET /2fa; POST /2fa/totp, /2fa/totp/confirm {code}, DELETE
 *   /2fa/totp; POST /2fa/security-keys/options, /2fa/security-keys {name, response}, DELETE /2fa/security-keys/:id;
 *   POST /2fa/recovery-codes. Adding the first factor answers with the account's recovery codes, shown that once.
 */
export function createTwoFactorRouter(_deps: RegistryDeps): RegistryRouter {
  const router = new Router<RegistryState>();

  router.post('/api/v1/session/second-factor/options', async (ctx) => {
    const { user, sessionHash } = pendingLogin(ctx);
    ctx.body = await securityKeyAuthenticationOptions(webauthnDeps(ctx), user.id, sessionHash);
  });

  router.post('/api/v1/session/second-factor', async (ctx) => {
    const { user, sessionHash } = pendingLogin(ctx);
    const proof = parseSecondFactorProof(await readJsonBody(ctx, 256 * 1024));
    await checkSecondFactor(ctx, user, sessionHash, proof, 'login');
    await signIn(ctx, user);
    await recordEvent(ctx.state.db, { kind: 'account.login_second_factor', userId: user.id, ...requestOrigin(ctx), details: { method: proof.method } });
    ctx.body = { user: userJson(user), csrfToken: csrfTokenFor(ctx) };
  });

  router.post('/api/v1/sudo/options', async (ctx) => {
    const user = requireUser(ctx);
    ctx.body = await securityKeyAuthenticationOptions(webauthnDeps(ctx), user.id, ctx.state.session!.idHash);
  });

  router.post('/api/v1/sudo', async (ctx) => {
    const user = requireUser(ctx);
    const body = await readJsonBody(ctx, 256 * 1024);
    const password = (body as { password?: unknown } | null)?.password;
    if (typeof password !== 'string') throw new HttpError(400, 'invalid_request', 'Expected a JSON object with a "password" string');
    const secondFactor = () => parseSecondFactorProof(Object.fromEntries(Object.entries(body as Record<string, unknown>).filter(([name]) => name !== 'password')));
    const { sudoUntil } = await confirmSudo(ctx, user, password, secondFactor);
    ctx.body = { sudoUntil: sudoUntil.toISOString() };
  });

  router.get('/api/v1/2fa', async (ctx) => {
    const user = requireUser(ctx);
    const status = await secondFactorStatus(ctx.state.db, user.id);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { ...status, securityKeys: await listSecurityKeys(ctx.state.db, user.id) };
  });

  router.post('/api/v1/2fa/totp', async (ctx) => {
    const user = requireSudo(ctx);
    const { db, secretKey, config } = ctx.state;
    const enrolment = await startTotpEnrolment({ db, secretKey, siteName: config.siteName, now: ctx.state.now() }, user);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = 201;
    ctx.body = enrolment;
  });

  router.post('/api/v1/2fa/totp/confirm', async (ctx) => {
    const user = requireSudo(ctx);
    const code = (await readJsonBody(ctx) as { code?: unknown } | null)?.code;
    if (typeof code !== 'string') throw new HttpError(400, 'invalid_request', 'Expected a JSON object with a "code" string');
    const added = await addTotpApp(ctx, user, code);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { totp: true, ...added };
  });

  router.delete('/api/v1/2fa/totp', async (ctx) => {
    const user = requireSudo(ctx);
    ctx.body = await removeTotpApp(ctx, user);
  });

  router.post('/api/v1/2fa/security-keys/options', async (ctx) => {
    const user = requireSudo(ctx);
    requireSecurityKeys(ctx);
    ctx.body = await securityKeyRegistrationOptions(webauthnDeps(ctx), user, ctx.state.session!.idHash);
  });

  router.post('/api/v1/2fa/security-keys', async (ctx) => {
    const user = requireSudo(ctx);
    requireSecurityKeys(ctx);
    const body = (await readJsonBody(ctx, 256 * 1024)) as { name?: unknown; response?: unknown } | null;
    if (typeof body?.name !== 'string') throw new HttpError(400, 'invalid_name', 'Name the key first: "name", 1 to 64 characters');
    const added = await addSecurityKey(ctx, user, body.name, body.response);
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = added;
  });

  router.delete('/api/v1/2fa/security-keys/:id', async (ctx) => {
    const user = requireSudo(ctx);
    ctx.body = await removeSecurityKeyOf(ctx, user, Number(ctx.params.id));
  });

  router.post('/api/v1/2fa/recovery-codes', async (ctx) => {
    const user = requireSudo(ctx);
    const recoveryCodes = await newRecoveryCodes(ctx, user);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { recoveryCodes };
  });

  return router;
}

/** The user and session of a request that owes its second factor (a half session), or 401. */
function pendingLogin(ctx: RegistryContext): { user: NonNullable<RegistryState['pendingUser']>; sessionHash: string } {
  const user = ctx.state.pendingUser;
  if (!user || !ctx.state.session) throw new HttpError(401, 'not_authenticated', 'Log in with your password first (the second-factor step lasts 5 minutes)');
  return { user, sessionHash: ctx.state.session.idHash };
}
