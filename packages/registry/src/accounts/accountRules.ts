/** Usernames as PyPI allows them: letters, digits, and . _ - inside (not at either end), at most 50 characters. */
export const usernamePattern = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;
export const usernameMaxLength = 50;
/** Passwords: at least 8 characters; at most 4096 so that hashing one stays cheap (as PyPI). */
export const passwordMinLength = 8;
export const passwordMaxLength = 4096;
/** Sessions last 12 hours from sign-in (PyPI's lifetime), then the user signs in again. */
export const sessionLifetimeMs = 12 * 60 * 60 * 1000;
/** A session half signed in (password right, second factor owed) lasts 5 minutes. */
export const halfSessionLifetimeMs = 5 * 60 * 1000;
/** Sudo mode: sensitive changes need the password (and second factor) given within the last 30 minutes. */
export const sudoLifetimeMs = 30 * 60 * 1000;
/**
 * Password failures allowed in one window (see README, "Login limits"): per (user, address) tightly, per address
 * moderately (password spraying across accounts, yet room for many users behind one NAT), per user only loosely (a
 * ceiling against distributed guessing that an attacker must bring many addresses to reach). The per-user ceiling does
 * not apply where the password alone cannot sign in: a login of an account with a second factor, a sudo confirmation.
 */
export const loginFailureLimit = 10;
export const loginFailureLimitPerAddress = 50;
export const loginFailureLimitPerUser = 200;
export const loginFailureWindowMs = 5 * 60 * 1000;
export const sessionCookieName = 'keybridge_session';
/** The anonymous CSRF cookie of the signed double-submit scheme (forms shown before signing in). */
export const csrfCookieName = 'keybridge_csrf';
/** The form field and the JSON API header that carry the CSRF token. */
export const csrfFieldName = 'csrf_token';
export const csrfHeaderName = 'x-csrf-token';
