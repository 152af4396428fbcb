import { expect } from 'vitest';
import { oathtoolCode } from '../support/oathtool.js';
import { TestBrowser } from './TestBrowser.js';

export const tokenTestPassword = 'correct horse battery';

/** A signed-up user's browser and the CSRF token its JSON API calls need. */
export interface SignedInUser {
  browser: TestBrowser;
  csrfToken: string;
  id: number;
  username: string;
}

/** Signs `username` up on the registry at `baseUrl` (password tokenTestPassword) over the JSON API. */
export async function signUp(baseUrl: string, username: string): Promise<SignedInUser> {
  const browser = new TestBrowser(baseUrl);
  const response = await browser.request('/api/v1/accounts', { method: 'POST', json: { username, password: tokenTestPassword } });
  expect(response.status, await response.clone().text()).toBe(201);
  const body = (await response.json()) as { user: { id: number; username: string }; csrfToken: string };
  return { browser, csrfToken: body.csrfToken, id: body.user.id, username: body.user.username };
}

/** The answer to POST /api/v1/tokens with `request` (201 and a token string, or an error). */
export async function requestToken(user: SignedInUser, request: Record<string, unknown>): Promise<Response> {
  return user.browser.request('/api/v1/tokens', { method: 'POST', json: request, headers: { 'x-csrf-token': user.csrfToken } });
}

/** A new token's string (the request must succeed). */
export async function mintToken(user: SignedInUser, request: Record<string, unknown>): Promise<{ id: string; token: string }> {
  const response = await requestToken(user, request);
  const body = (await response.json()) as { id: string; token: string };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body;
}

/** DELETE /api/v1/tokens/:id. */
export async function revokeToken(user: SignedInUser, tokenId: string): Promise<Response> {
  return user.browser.request(`/api/v1/tokens/${tokenId}`, { method: 'DELETE', headers: { 'x-csrf-token': user.csrfToken } });
}

/** Adds a TOTP application to `user` over the JSON API (in sudo mode, as after sign-up), confirmed with oathtool's code at `now`. */
export async function addTotpApp(user: SignedInUser, now: number): Promise<{ secret: string; recoveryCodes: string[] }> {
  const call = async (path: string, json: unknown) => {
    const response = await user.browser.request(path, { method: 'POST', json, headers: { 'x-csrf-token': user.csrfToken } });
    expect(response.status, path).toBeLessThan(300);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const { secret } = (await call('/api/v1/2fa/totp', {})) as { secret: string };
  const { recoveryCodes } = (await call('/api/v1/2fa/totp/confirm', { code: oathtoolCode(secret, now) })) as { recoveryCodes: string[] };
  return { secret, recoveryCodes };
}
