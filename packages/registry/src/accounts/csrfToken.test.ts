import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RegistryConfig } from '../config/RegistryConfig.js';
import { HttpError } from '../http/HttpError.js';
import type { ActiveSession } from './ActiveSession.js';
import { csrfTokenFor, verifyCsrfToken } from './csrfToken.js';

function fakeContext(options: { secretKey?: Buffer; cookie?: string; session?: ActiveSession; publicUrl?: string } = {}) {
  const setCookies: string[] = [];
  const ctx = {
    cookies: { get: (name: string) => (name === 'keybridge_csrf' ? options.cookie : undefined) },
    append: (_name: string, value: string) => setCookies.push(value),
    state: {
      secretKey: options.secretKey ?? Buffer.alloc(32, 7),
      config: { publicUrl: options.publicUrl ?? 'http://127.0.0.1:8080' } as RegistryConfig,
      ...(options.session ? { session: options.session } : {}),
    },
  };
  return { ctx: ctx as unknown as Parameters<typeof csrfTokenFor>[0], setCookies };
}

const session: ActiveSession = { idHash: 'ab'.repeat(32), userId: 1, expiresAt: new Date(0), secondFactorPending: false, confirmedAt: null };

describe('csrfTokenFor / verifyCsrfToken', () => {
  it('binds an anonymous token to the cookie it issues (signed double-submit)', () => {
    const { ctx, setCookies } = fakeContext();
    const token = csrfTokenFor(ctx);
    expect(setCookies).toEqual([expect.stringMatching(/^keybridge_csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/)]);
    const cookie = /^keybridge_csrf=([^;]+)/.exec(setCookies[0]!)![1]!;
    const returning = fakeContext({ cookie });
    expect(() => verifyCsrfToken(returning.ctx, token)).not.toThrow();
    expect(csrfTokenFor(returning.ctx)).toBe(token);
    expect(returning.setCookies).toEqual([]);
    // Another cookie, another secret key, no cookie at all, or a tampered token: refused.
    expect(() => verifyCsrfToken(fakeContext({ cookie: randomBytes(32).toString('base64url') }).ctx, token)).toThrow(HttpError);
    expect(() => verifyCsrfToken(fakeContext({ cookie, secretKey: Buffer.alloc(32, 8) }).ctx, token)).toThrow(HttpError);
    expect(() => verifyCsrfToken(fakeContext().ctx, token)).toThrow('The CSRF token is missing or invalid');
    expect(() => verifyCsrfToken(returning.ctx, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toThrow(HttpError);
    expect(() => verifyCsrfToken(returning.ctx, undefined)).toThrow(HttpError);
    expect(() => verifyCsrfToken(returning.ctx, '')).toThrow(HttpError);
  });

  it('binds a signed-in token to the session, whatever the cookie', () => {
    const token = csrfTokenFor(fakeContext({ session }).ctx);
    expect(() => verifyCsrfToken(fakeContext({ session, cookie: randomBytes(32).toString('base64url') }).ctx, token)).not.toThrow();
    expect(() => verifyCsrfToken(fakeContext({ session: { ...session, idHash: 'cd'.repeat(32) } }).ctx, token)).toThrow(HttpError);
    // An anonymous token is not a session token.
    const { ctx, setCookies } = fakeContext();
    const anonymous = csrfTokenFor(ctx);
    const cookie = /^keybridge_csrf=([^;]+)/.exec(setCookies[0]!)![1]!;
    expect(() => verifyCsrfToken(fakeContext({ session, cookie }).ctx, anonymous)).toThrow(HttpError);
  });

  it('marks the CSRF cookie Secure when the public URL is https', () => {
    const { ctx, setCookies } = fakeContext({ publicUrl: 'https://pypi.example' });
    csrfTokenFor(ctx);
    expect(setCookies[0]).toMatch(/; HttpOnly; Secure; SameSite=Lax$/);
  });
});
