import Router from '@koa/router';
import type { AuthenticatedUser } from '../accounts/AuthenticatedUser.js';
import type { RegistryContext, RegistryDeps, RegistryRouter, RegistryState } from '../app/RegistryState.js';
import { describeEvent } from '../events/describeEvent.js';
import { listEvents } from '../events/listEvents.js';
import { HttpError } from '../http/HttpError.js';
import { dateView } from '../pages/dateView.js';
import { formError } from '../pages/formError.js';
import type { PageViews } from '../pages/PageViews.js';
import { readPageForm } from '../pages/readPageForm.js';
import { renderPage } from '../pages/renderPage.js';
import { setFlashMessage } from '../pages/setFlashMessage.js';
import type { FlashKey } from '../pages/flashMessages.js';
import { addSecurityKey, addTotpApp, newRecoveryCodes, removeSecurityKeyOf, removeTotpApp } from './secondFactorChanges.js';
import { secondFactorStatus } from './secondFactorStatus.js';
import { confirmPasswordUrl, requirePageSudo } from './sudo/requirePageSudo.js';
import { startTotpEnrolment } from './totp/startTotpEnrolment.js';
import { listSecurityKeys } from './webauthn/listSecurityKeys.js';
import { webauthnFormField } from './webauthn/webauthnFormField.js';

const securityPath = '/account/security/';
/** The history page shows this many of the newest events. */
const historyLength = 200;

/**
 * The account security pages, on the same functions as the JSON API (secondFactorChanges): /account/security/ lists
 * the account's factors; its forms add an authenticator app (POST …/totp shows the secret once, …/totp/confirm takes
 * a code) or remove it (…/totp/remove), add a security key (…/keys: the name and, from static/webauthn-forms.js, the
 * browser's answer to the API's registration options), remove one (…/keys/:id/remove, its name typed to confirm) and
 * make new recovery codes (…/recovery-codes). Every change needs sudo mode, as in the API: without it the form goes
 * to the confirm-password page and back. /account/history/ is the account's events, newest first, in words.
 */
export function createSecurityPagesRouter(_deps: RegistryDeps): RegistryRouter {
  const router = new Router<RegistryState>();

  router.get('/account/security', async (ctx) => {
    if (!ctx.state.user) return ctx.redirect('/account/login');
    renderPage(ctx, 'account/security', await securityView(ctx, ctx.state.user, ''));
  });

  router.post('/account/security/totp', async (ctx) => {
    await readPageForm(ctx);
    const user = requirePageSudo(ctx, securityPath);
    if (!user) return;
    const { db, secretKey, config } = ctx.state;
    try {
      const { secret, qrSvg } = await startTotpEnrolment({ db, secretKey, siteName: config.siteName, now: ctx.state.now() }, user);
      renderPage(ctx, 'account/totp', { title: 'Add an authenticator app', enrolment: { secret, qrSvg } });
    } catch (error) {
      await showSecurityPage(ctx, user, formError(ctx, error));
    }
  });

  router.post('/account/security/totp/confirm', async (ctx) => {
    const form = await readPageForm(ctx);
    const user = requirePageSudo(ctx, securityPath);
    if (!user) return;
    let recoveryCodes: string[] | undefined;
    try {
      ({ recoveryCodes } = await addTotpApp(ctx, user, form.get('code') ?? ''));
    } catch (error) {
      const refused = formError(ctx, error);
      // A wrong code: the same set-up takes another (the secret is not shown again; "start again" makes a new one).
      if (refused.code === 'totp_invalid') {
        return renderPage(ctx, 'account/totp', { title: 'Add an authenticator app', enrolment: null }, { status: refused.status, error: refused.message });
      }
      return showSecurityPage(ctx, user, refused);
    }
    showAdded(ctx, recoveryCodes, 'totp_added', 'Your authenticator app is added.');
  });

  router.post('/account/security/totp/remove', async (ctx) => {
    await readPageForm(ctx);
    const user = requirePageSudo(ctx, securityPath);
    if (!user) return;
    try {
      const after = await removeTotpApp(ctx, user);
      setFlashMessage(ctx, after.secondFactorEnabled ? 'totp_removed' : 'last_factor_removed');
    } catch (error) {
      return showSecurityPage(ctx, user, formError(ctx, error));
    }
    ctx.status = 303;
    ctx.redirect(securityPath);
  });

  router.post('/account/security/keys', async (ctx) => {
    const form = await readPageForm(ctx);
    const user = requirePageSudo(ctx, securityPath);
    if (!user) return;
    const name = form.get('name') ?? '';
    let recoveryCodes: string[] | undefined;
    try {
      ({ recoveryCodes } = await addSecurityKey(ctx, user, name, webauthnFormField(form)));
    } catch (error) {
      const refused = formError(ctx, error);
      if (refused.code === 'attestation_refused') {
        const policy = 'This registry accepts only security keys whose maker it trusts, and it could not verify this one';
        return showSecurityPage(ctx, user, new HttpError(refused.status, refused.code, `${policy}: ${refused.message}.`), name);
      }
      return showSecurityPage(ctx, user, refused, name);
    }
    showAdded(ctx, recoveryCodes, 'security_key_added', 'Your security key is added.');
  });

  router.post('/account/security/keys/:id/remove', async (ctx) => {
    const form = await readPageForm(ctx);
    const user = requirePageSudo(ctx, securityPath);
    if (!user) return;
    const key = (await listSecurityKeys(ctx.state.db, user.id)).find((candidate) => String(candidate.id) === ctx.params.id);
    try {
      if (!key) throw new HttpError(404, 'key_not_found', 'This account has no such security key (removed already?)');
      if ((form.get('confirm') ?? '').trim() !== key.name) {
        throw new HttpError(400, 'confirmation_mismatch', `To remove the key, type its name exactly: ${key.name}`);
      }
      const after = await removeSecurityKeyOf(ctx, user, key.id);
      setFlashMessage(ctx, after.secondFactorEnabled ? 'security_key_removed' : 'last_factor_removed');
    } catch (error) {
      return showSecurityPage(ctx, user, formError(ctx, error));
    }
    ctx.status = 303;
    ctx.redirect(securityPath);
  });

  router.post('/account/security/recovery-codes', async (ctx) => {
    await readPageForm(ctx);
    const user = requirePageSudo(ctx, securityPath);
    if (!user) return;
    try {
      const codes = await newRecoveryCodes(ctx, user);
      renderPage(ctx, 'account/recovery-codes', { title: 'Your new recovery codes', codes, done: 'New recovery codes are made: the old ones no longer work.' });
    } catch (error) {
      await showSecurityPage(ctx, user, formError(ctx, error));
    }
  });

  router.get('/account/history', async (ctx) => {
    if (!ctx.state.user) return ctx.redirect('/account/login');
    const events = await listEvents(ctx.state.db, { userId: ctx.state.user.id, newestFirst: true, limit: historyLength });
    renderPage(ctx, 'account/history', {
      title: 'Security history',
      limit: historyLength,
      events: events.map((event) => ({ description: describeEvent(event), at: dateView(event.createdAt, { time: true }), ip: event.ip, userAgent: event.userAgent })),
    });
  });

  return router;
}

async function securityView(ctx: RegistryContext, user: AuthenticatedUser, keyName: string): Promise<PageViews['account/security']> {
  const { db, config } = ctx.state;
  const [status, keys] = await Promise.all([secondFactorStatus(db, user.id), listSecurityKeys(db, user.id)]);
  return {
    title: 'Account security',
    totp: status.totp,
    securityKeysOffered: config.securityKeys,
    attestation: config.attestation,
    keys: keys.map((key) => ({
      id: key.id,
      name: key.name,
      model: key.model,
      attestationVerified: key.attestationVerified,
      added: dateView(new Date(key.createdAt)),
      lastUsed: key.lastUsedAt === null ? null : dateView(new Date(key.lastUsedAt)),
    })),
    secondFactorEnabled: status.enabled,
    recoveryCodesLeft: status.recoveryCodesLeft,
    keyName,
    confirmPasswordUrl: confirmPasswordUrl(securityPath),
  };
}

/** The security page again with `refused`'s message, the add-a-key form keeping the name typed. */
async function showSecurityPage(ctx: RegistryContext, user: AuthenticatedUser, refused: HttpError, keyName = ''): Promise<void> {
  renderPage(ctx, 'account/security', await securityView(ctx, user, keyName), { status: refused.status, error: refused.message });
}

/** After a factor was added: its first factor's recovery codes (shown this once), or back to the list with `flash`. */
function showAdded(ctx: RegistryContext, recoveryCodes: string[] | undefined, flash: FlashKey, done: string): void {
  if (recoveryCodes) return renderPage(ctx, 'account/recovery-codes', { title: 'Save your recovery codes', codes: recoveryCodes, done });
  setFlashMessage(ctx, flash);
  ctx.status = 303;
  ctx.redirect(securityPath);
}
