/**
 * A tiny cookie-keeping HTTP client for tests: sends the cookies it was given back (by name, path ignored), never
 * follows redirects, and exposes every response so status lines, headers and cookies can be asserted.
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async request(path: string, init: RequestInit & { form?: Record<string, string>; json?: unknown } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    let body = init.body;
    if (init.form !== undefined) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(init.form).toString();
    }
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    if (this.cookies.size > 0) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const { form: _form, json: _json, ...rest } = init;
    const response = await fetch(new URL(path, this.baseUrl), { ...rest, headers, body: body ?? null, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const equals = pair!.indexOf('=');
      const name = pair!.slice(0, equals).trim();
      const value = pair!.slice(equals + 1).trim();
      if (/;\s*Max-Age=0(;|$)/i.test(cookie) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** The value of the hidden csrf_token field of the HTML page at `path` (GETting it also sets the CSRF cookie). */
  async csrfTokenOf(path: string): Promise<string> {
    const response = await this.request(path);
    const match = /name="csrf_token" value="([^"]+)"/.exec(await response.text());
    if (!match) throw new Error(`no csrf_token field in ${path}`);
    return match[1]!;
  }
}
