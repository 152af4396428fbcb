import Router from '@koa/router';
import type { RegistryContext, RegistryDeps, RegistryRouter, RegistryState } from '../../app/RegistryState.js';
import { HttpError } from '../../http/HttpError.js';
import type { RenderPageOptions } from '../../pages/renderPage.js';
import { readPageForm } from '../../pages/readPageForm.js';
import { renderPage } from '../../pages/renderPage.js';
import { sameSitePath } from '../../pages/sameSitePath.js';
import { setFlashMessage } from '../../pages/setFlashMessage.js';
import { tryFormAction } from '../../pages/tryFormAction.js';
import { secondFactorCodeProof, type SecondFactorProof } from '../checkSecondFactor.js';
import { secondFactorStatus } from '../secondFactorStatus.js';
import { webauthnFormField } from '../webauthn/webauthnFormField.js';
import { confirmSudo } from './confirmSudo.js';
import { confirmPasswordPath, confirmPasswordUrl } from './requirePageSudo.js';

/**
 * The confirm-password page of sudo mode, where requirePageSudo sends a page whose change needs it:
 * GET/POST /account/confirm-password/?next=<same-site path>. The password, and a TOTP or recovery code (or, through
 * static/webauthn-forms.js, a security key) when the account has a second factor, start sudo mode (confirmSudo, as POST /api/v1/sudo does); then the browser goes back to
 * `next` (anything but a path on this site goes to /account/ instead: no open redirect).
 */
export function createSudoPageRouter(_deps: RegistryDeps): RegistryRouter {
  const router = new Router<RegistryState>();

  router.get(confirmPasswordPath, async (ctx) => {
    if (!ctx.state.user) return ctx.redirect('/account/login');
    await showForm(ctx);
  });

  router.post(confirmPasswordPath, async (ctx) => {
    const form = await readPageForm(ctx);
    const user = ctx.state.user;
    if (!user) {
      ctx.status = 303;
      return ctx.redirect('/account/login');
    }
    const code = (form.get('code') ?? '').trim();
    const secondFactor = (): SecondFactorProof => {
      // The security-key form sends the browser's answer to /api/v1/sudo/options's challenge; the other form a code.
      if (form.has('webauthn')) return { method: 'security_key', response: webauthnFormField(form) };
      if (code === '') throw new HttpError(400, 'invalid_second_factor', 'Enter the code from your authenticator app, or a recovery code');
      return secondFactorCodeProof(code);
    };
    const confirmed = await tryFormAction(ctx, () => confirmSudo(ctx, user, form.get('password') ?? '', secondFactor), (shown) => showForm(ctx, shown));
    if (!confirmed) return;
    setFlashMessage(ctx, 'sudo_confirmed');
    ctx.status = 303;
    ctx.redirect(nextOf(ctx));
  });

  return router;
}

function nextOf(ctx: RegistryContext): string {
  return sameSitePath(typeof ctx.query.next === 'string' ? ctx.query.next : null, '/account/');
}

async function showForm(ctx: RegistryContext, options: RenderPageOptions = {}): Promise<void> {
  const next = nextOf(ctx);
  const { enabled, securityKeys } = await secondFactorStatus(ctx.state.db, ctx.state.user!.id);
  renderPage(
    ctx,
    'account/confirm-password',
    { title: 'Confirm your password', next, action: confirmPasswordUrl(next), secondFactor: enabled, securityKeys: ctx.state.config.securityKeys && securityKeys > 0 },
    options,
  );
}
