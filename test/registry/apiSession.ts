import { expect } from 'vitest';
import { TestBrowser } from './TestBrowser.js';

/** An answer of the JSON API: status, status line and parsed body. */
export interface ApiAnswer {
  status: number;
  statusText: string;
  body: Record<string, unknown>;
}

/** A signed-in JSON API client (in sudo mode, as after any sign-in) that sends its CSRF token with every call. */
export interface ApiSession {
  call(method: string, path: string, json?: unknown): Promise<ApiAnswer>;
}

/** Signs `username` in to the registry at `baseUrl` with POST /api/v1/session. */
export async function signInToApi(baseUrl: string, username: string, password: string): Promise<ApiSession> {
  const browser = new TestBrowser(baseUrl);
  const response = await browser.request('/api/v1/session', { method: 'POST', json: { username, password } });
  expect(response.status).toBe(200);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return {
    call: async (method, path, json) => {
      const answer = await browser.request(path, { method, headers: { 'x-csrf-token': csrfToken }, ...(json === undefined ? {} : { json }) });
      return { status: answer.status, statusText: answer.statusText, body: (await answer.json()) as Record<string, unknown> };
    },
  };
}
