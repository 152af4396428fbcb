/**
 * Whether an If-None-Match header matches `etag` (RFC 9110 §13.1.2: `*`, or any listed tag by weak comparison),
 * so that a GET or HEAD is answered 304. Unlike Koa's ctx.fresh this ignores the request's Cache-Control: fetch()
 * adds `no-cache` to every conditional request, and that directive is for caches, not for the origin server.
 */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const trimmed = header.trim();
  if (trimmed === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return (trimmed.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => opaque(tag) === wanted);
}
