const base = 'http://registry.invalid';

/**
 * `value` if it is a path on this site (for a `next` parameter): it starts with one slash, and resolving it keeps
 * the origin — so no `//host`, `/\host`, scheme or control character leads elsewhere. Otherwise `fallback`.
 */
export function sameSitePath(value: string | null | undefined, fallback: string): string {
  if (typeof value !== 'string' || value.length > 2000 || !value.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  return `${url.pathname}${url.search}`;
}
