import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type { RegistryState } from '../app/RegistryState.js';
import { HttpError } from '../http/HttpError.js';
import { serializeCookie } from '../http/serializeCookie.js';
import { csrfCookieName } from './accountRules.js';

type CsrfContext = Pick<Context, 'cookies' | 'append'> & { state: Pick<RegistryState, 'secretKey' | 'config' | 'session'> };

const anonymousIdShape = /^[A-Za-z0-9_-]{43}$/;

/**
 * The CSRF token a form (or a JSON API client) must send back. Signed in, it is an HMAC (secret key) of the session's
 * hash: bound to that session, nothing stored. Anonymous (sign-up and login forms), it is the HMAC of a random
 * HttpOnly cookie this sets if missing: a signed double-submit, which a site that can plant cookies still cannot forge.
 */
export function csrfTokenFor(ctx: CsrfContext): string {
  return expectedToken(ctx, true)!.toString('base64url');
}

/** Refuses (403) unless `presented` is the token csrfTokenFor gives this request; compared in constant time. */
export function verifyCsrfToken(ctx: CsrfContext, presented: string | null | undefined): void {
  const expected = expectedToken(ctx, false);
  // Compared as text: decoding first would accept other spellings of the same bytes (base64's padding bits).
  const expectedText = Buffer.from(expected?.toString('base64url') ?? '', 'latin1');
  const given = Buffer.from(typeof presented === 'string' ? presented : '', 'latin1');
  if (!expected || given.length !== expectedText.length || !timingSafeEqual(given, expectedText)) {
    throw new HttpError(403, 'csrf_failed', 'The CSRF token is missing or invalid: reload the page and try again');
  }
}

function expectedToken(ctx: CsrfContext, issueCookie: boolean): Buffer | undefined {
  const { secretKey, session, config } = ctx.state;
  if (session) return createHmac('sha256', secretKey).update(`keybridge csrf v1 session\0${session.idHash}`).digest();
  let anonymousId = ctx.cookies.get(csrfCookieName);
  if (anonymousId === undefined || !anonymousIdShape.test(anonymousId)) {
    if (!issueCookie) return undefined;
    anonymousId = randomBytes(32).toString('base64url');
    ctx.append('Set-Cookie', serializeCookie(csrfCookieName, anonymousId, { httpOnly: true, secure: config.publicUrl.startsWith('https:'), sameSite: 'Lax' }));
  }
  return createHmac('sha256', secretKey).update(`keybridge csrf v1 anonymous\0${anonymousId}`).digest();
}
