import { describe, expect, it } from 'vitest';
import { renderIndexPage } from './renderIndexPage.js';
import { SimpleFormat } from './SimpleFormat.js';
import { IndexPageCache } from './IndexPageCache.js';

const html = SimpleFormat.textHtml;
const json = SimpleFormat.json;
const page = (text: string) => renderIndexPage(text, 1);

describe('IndexPageCache', () => {
  it('keeps at most maxEntries pages, evicting the least recently used', () => {
    const cache = new IndexPageCache({ maxEntries: 3 });
    for (const name of ['a', 'b', 'c']) cache.set(name, html, page(name), cache.version());
    expect(cache.get('a', html)?.body.toString()).toBe('a');
    cache.set('d', html, page('d'), cache.version());
    expect(cache.size).toBe(3);
    expect(cache.get('b', html)).toBeUndefined();
    expect(['a', 'c', 'd'].map((name) => cache.get(name, html)?.body.toString())).toEqual(['a', 'c', 'd']);
  });

  it('keeps at most maxBytes of bodies, and never a page larger than that', () => {
    const cache = new IndexPageCache({ maxBytes: 10 });
    cache.set('a', html, page('aaaa'), cache.version());
    cache.set('b', html, page('bbbb'), cache.version());
    cache.set('c', html, page('cccc'), cache.version());
    expect(cache.bytes).toBe(8);
    expect(cache.get('a', html)).toBeUndefined();
    cache.set('huge', html, page('x'.repeat(11)), cache.version());
    expect(cache.get('huge', html)).toBeUndefined();
    expect(cache.bytes).toBe(8);
    // Replacing a page accounts for the old one's bytes.
    cache.set('b', html, page('bb'), cache.version());
    expect(cache.bytes).toBe(6);
  });

  it('keys by format, caches 404s as null, and invalidate drops the project and the root in every format only', () => {
    const cache = new IndexPageCache();
    cache.set('p', html, page('p html'), cache.version());
    cache.set('p', json, page('p json'), cache.version());
    cache.set('q', json, page('q json'), cache.version());
    cache.set('gone', json, null, cache.version());
    cache.set(null, html, page('root'), cache.version());
    expect(cache.get('p', json)?.body.toString()).toBe('p json');
    expect(cache.get('gone', json)).toBeNull();
    expect(cache.get('gone', html)).toBeUndefined();
    cache.invalidate('p');
    expect([cache.get('p', html), cache.get('p', json), cache.get(null, html)]).toEqual([undefined, undefined, undefined]);
    expect(cache.get('q', json)?.body.toString()).toBe('q json');
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it('drops every view of a project on invalidate, whatever the view is called', () => {
    const cache = new IndexPageCache({ maxEntries: 10 });
    cache.set('p', 'pypi-json http://a', page('p a'), cache.version());
    cache.set('p', 'pypi-json http://b 1.0', page('p b 1.0'), cache.version());
    cache.set('q', 'pypi-json http://a', page('q a'), cache.version());
    cache.invalidate('p');
    expect(cache.get('p', 'pypi-json http://a')).toBeUndefined();
    expect(cache.get('p', 'pypi-json http://b 1.0')).toBeUndefined();
    expect(cache.get('q', 'pypi-json http://a')?.body.toString()).toBe('q a');
    expect([cache.size, cache.bytes]).toEqual([1, 3]);
    // Evicted pages leave no bookkeeping behind that a later invalidate would trip on.
    for (let index = 0; index < 20; index++) cache.set(`r${index}`, html, page('r'), cache.version());
    cache.invalidate('q');
    expect(cache.size).toBe(10);
  });

  it('does not keep a page read before an invalidation (it may predate the change)', () => {
    const cache = new IndexPageCache();
    const before = cache.version();
    cache.invalidate('p');
    cache.set('p', html, page('old'), before);
    expect(cache.get('p', html)).toBeUndefined();
    const beforeClear = cache.version();
    cache.clear();
    cache.set('p', html, page('old'), beforeClear);
    expect(cache.size).toBe(0);
  });

  it('tags a page by its bytes', () => {
    expect(page('same').etag).toBe(page('same').etag);
    expect(page('same').etag).not.toBe(page('other').etag);
    expect(page('x').etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
  });
});
