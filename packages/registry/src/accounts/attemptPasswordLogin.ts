import type { Knex } from 'knex';
import { recordEvent } from '../events/recordEvent.js';
import { hasSecondFactor } from '../twoFactor/secondFactorStatus.js';
import type { AuthenticatedUser } from './AuthenticatedUser.js';
import { authenticateBasic } from './authenticateBasic.js';
import { normalizeUsername } from './normalizeUsername.js';
import { takeLoginAttempt } from './takeLoginAttempt.js';

export interface PasswordLogin {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  /** How the credentials came: the JSON API, the login form, HTTP Basic (uploads), or a sudo confirmation. Recorded in events. */
  via: 'api' | 'form' | 'basic' | 'sudo';
  /** The clock, epoch ms (default Date.now). */
  now?: number;
}

export type PasswordLoginResult =
  | { ok: true; user: AuthenticatedUser }
  | { ok: false; reason: 'invalid_credentials' }
  | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/**
 * Checks a username and password under the login rate limit (see takeLoginAttempt, in the database) and records
 * the outcome: account.login_failed, account.login_rate_limited, and account.login (except for HTTP Basic, where
 * every upload authenticates and the upload's own event says what happened). Never records the password, nor a
 * username that matches no account (it may be a password typed in the wrong field).
 */
export async function attemptPasswordLogin(db: Knex, login: PasswordLogin): Promise<PasswordLoginResult> {
  const origin = { ip: login.ip, userAgent: login.userAgent };
  // The per-user ceiling does not apply where the password alone cannot sign in: a sudo confirmation (from a signed-in
  // session, with the second factor in the same request if the account has one), and a login of an account with a
  // second factor (only half done until the factor, itself limited, is given). HTTP Basic always has the ceiling.
  // The account's id, looked up once, and only when needed (an upload that succeeds needs it never).
  let userIdLookup: Promise<number | null> | undefined;
  const userIdOf = () => (userIdLookup ??= findUserId(db, login.username));
  const knownUserId = login.via === 'basic' ? null : await userIdOf();
  const perUserCeiling = !(login.via === 'sudo' || (knownUserId !== null && (await hasSecondFactor(db, knownUserId))));
  const attempt = await takeLoginAttempt(db, { username: login.username, ip: login.ip }, login.now, { perUserCeiling });
  if (attempt.limited) {
    await recordEvent(db, {
      kind: 'account.login_rate_limited',
      userId: await userIdOf(),
      ...origin,
      details: { via: login.via, limitedBy: attempt.by, retryAfterSeconds: attempt.retryAfterSeconds },
    });
    return { ok: false, reason: 'rate_limited', retryAfterSeconds: attempt.retryAfterSeconds };
  }
  let user: AuthenticatedUser | null;
  try {
    user = await authenticateBasic(db, login.username, login.password);
  } catch (error) {
    // The password was never checked (a server fault, such as a crashed hashing worker): the attempt does not count.
    await attempt.refund().catch(() => undefined);
    throw error;
  }
  if (!user) {
    await attempt.fail();
    const userId = await userIdOf();
    await recordEvent(db, { kind: 'account.login_failed', userId, ...origin, details: { via: login.via, reason: userId === null ? 'unknown_user' : 'wrong_password' } });
    return { ok: false, reason: 'invalid_credentials' };
  }
  await attempt.refund();
  // Uploads authenticate every time (their own events say what happened); a sudo confirmation writes its own event.
  if (login.via === 'api' || login.via === 'form') {
    await db('users').where('id', user.id).update({ last_login_at: new Date(login.now ?? Date.now()) });
    await recordEvent(db, { kind: 'account.login', userId: user.id, ...origin, details: { via: login.via } });
  }
  return { ok: true, user };
}

async function findUserId(db: Knex, username: string): Promise<number | null> {
  const row = (await db('users').select('id').where('username_normalized', normalizeUsername(username)).first()) as { id: number } | undefined;
  return row?.id ?? null;
}
