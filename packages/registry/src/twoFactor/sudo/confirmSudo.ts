import { sudoLifetimeMs } from '../../accounts/accountRules.js';
import { attemptPasswordLogin } from '../../accounts/attemptPasswordLogin.js';
import type { AuthenticatedUser } from '../../accounts/AuthenticatedUser.js';
import { loginRateLimitedError } from '../../accounts/loginRateLimitedError.js';
import type { RegistryState } from '../../app/RegistryState.js';
import { recordEvent } from '../../events/recordEvent.js';
import { requestOrigin } from '../../events/requestOrigin.js';
import { HttpError } from '../../http/HttpError.js';
import { checkSecondFactor, type SecondFactorContext, type SecondFactorProof } from '../checkSecondFactor.js';
import { hasSecondFactor } from '../secondFactorStatus.js';

/**
 * Starts sudo mode on the request's session: checks `password` (under the login limits: 429 past them, 401 when
 * wrong) and, when the account has a second factor, the proof `secondFactor()` gives (asked only then, so it may
 * throw a 400 for a missing one). Records account.sudo_confirmed; answers when sudo mode ends. Both the JSON API
 * (POST /api/v1/sudo) and the confirm-password page come here.
 */
export async function confirmSudo(
  ctx: SecondFactorContext & { state: Pick<RegistryState, 'session'> },
  user: AuthenticatedUser,
  password: string,
  secondFactor: () => SecondFactorProof,
): Promise<{ sudoUntil: Date }> {
  const { db } = ctx.state;
  const session = ctx.state.session;
  if (!session) throw new HttpError(401, 'not_authenticated', 'Sign in first');
  const login = await attemptPasswordLogin(db, { username: user.username, password, ...requestOrigin(ctx), via: 'sudo', now: ctx.state.now() });
  if (!login.ok && login.reason === 'rate_limited') throw loginRateLimitedError(login.retryAfterSeconds);
  if (!login.ok) throw new HttpError(401, 'invalid_credentials', 'Wrong password');
  let method: string = 'password';
  if (await hasSecondFactor(db, user.id)) {
    const proof = secondFactor();
    await checkSecondFactor(ctx, user, session.idHash, proof, 'sudo');
    method = proof.method;
  }
  const now = new Date(ctx.state.now());
  await db('sessions').where('id_hash', session.idHash).update({ confirmed_at: now });
  session.confirmedAt = now;
  await recordEvent(db, { kind: 'account.sudo_confirmed', userId: user.id, ...requestOrigin(ctx), details: { method } });
  return { sudoUntil: new Date(now.getTime() + sudoLifetimeMs) };
}
