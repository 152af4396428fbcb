import { describe, expect, it } from 'vitest';
import { CtapClientError } from '../CtapClientError.js';
import { publicSuffixOf } from './publicSuffixOf.js';
import { resolveRpId } from './resolveRpId.js';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof CtapClientError && error.code === 'BAD_REQUEST') return error.message;
    throw error;
  }
  throw new Error('expected BAD_REQUEST');
}

describe('resolveRpId', () => {
  it('defaults to the origin’s host and serializes the origin without path or trailing slash', () => {
    expect(resolveRpId(undefined, 'https://Example.ORG/login?x=1')).toEqual({ origin: 'https://example.org', rpId: 'example.org' });
    expect(resolveRpId(undefined, 'https://example.org:8443/')).toEqual({ origin: 'https://example.org:8443', rpId: 'example.org' });
  });

  it('accepts the host itself and registrable suffixes of it, case-insensitively', () => {
    expect(resolveRpId('example.org', 'https://login.example.org').rpId).toBe('example.org');
    expect(resolveRpId('EXAMPLE.org', 'https://a.b.example.org').rpId).toBe('example.org');
    expect(resolveRpId('b.example.org', 'https://a.b.example.org').rpId).toBe('b.example.org');
    expect(resolveRpId('example.co.uk', 'https://www.example.co.uk').rpId).toBe('example.co.uk');
    expect(resolveRpId('alice.github.io', 'https://alice.github.io').rpId).toBe('alice.github.io');
  });

  it('refuses another site, a suffix that does not end on a label boundary, and a longer name', () => {
    expect(refusal(() => resolveRpId('evil.example', 'https://example.org'))).toBe('rpId "evil.example" is not a registrable suffix of "example.org"');
    expect(refusal(() => resolveRpId('ample.org', 'https://example.org'))).toBe('rpId "ample.org" is not a registrable suffix of "example.org"');
    expect(refusal(() => resolveRpId('login.example.org', 'https://example.org'))).toMatch(/not a registrable suffix/);
  });

  it('refuses public suffixes of the full Public Suffix List, ICANN and private sections alike', () => {
    for (const [suffix, host] of [
      ['org', 'example.org'],
      ['co.uk', 'example.co.uk'],
      ['github.io', 'alice.github.io'],
      ['com.au', 'shop.example.com.au'],
      ['kawasaki.jp', 'city.kawasaki.jp'], // a wildcard rule (*.kawasaki.jp) with an exception (!city)
      ['foo.kawasaki.jp', 'www.foo.kawasaki.jp'], // covered by the wildcard
      ['blogspot.com', 'me.blogspot.com'],
      ['myshopify.com', 'store.myshopify.com'],
      ['pages.dev', 'project.pages.dev'],
      ['ck', 'www.ck'],
    ]) {
      expect(refusal(() => resolveRpId(suffix, `https://${host}`)), suffix).toBe(`rpId "${suffix}" is not a registrable suffix of "${host}"`);
    }
    // The hand-picked list knew none of these: suffixes only the full list has.
    expect(publicSuffixOf('myshopify.com')).toBe('myshopify.com');
    expect(publicSuffixOf('www.foo.kawasaki.jp')).toBe('foo.kawasaki.jp');
  });

  it('refuses a suffix that lies within the host’s public suffix (HTML: registrable domain suffix)', () => {
    // amazonaws.com alone is registrable, but for bucket.s3.amazonaws.com the public suffix is s3.amazonaws.com.
    expect(publicSuffixOf('amazonaws.com')).toBe('com');
    expect(refusal(() => resolveRpId('amazonaws.com', 'https://bucket.s3.amazonaws.com'))).toMatch(/not a registrable suffix/);
    expect(resolveRpId('bucket.s3.amazonaws.com', 'https://login.bucket.s3.amazonaws.com').rpId).toBe('bucket.s3.amazonaws.com');
  });

  it('accepts registrable names under multi-label suffixes, exception rules included', () => {
    expect(resolveRpId('example.co.uk', 'https://login.example.co.uk').rpId).toBe('example.co.uk');
    expect(resolveRpId('city.kawasaki.jp', 'https://www.city.kawasaki.jp').rpId).toBe('city.kawasaki.jp');
    expect(resolveRpId('example.com.au', 'https://shop.example.com.au').rpId).toBe('example.com.au');
    // The host itself is always its own RP ID, even when it is a public suffix.
    expect(resolveRpId(undefined, 'https://github.io').rpId).toBe('github.io');
  });

  it('takes another public suffix lookup when given one', () => {
    expect(resolveRpId('github.io', 'https://alice.github.io', (domain) => domain.slice(domain.lastIndexOf('.') + 1)).rpId).toBe('github.io');
    expect(refusal(() => resolveRpId('example.org', 'https://login.example.org', (domain) => (domain.endsWith('example.org') ? 'example.org' : 'org')))).toMatch(
      /not a registrable suffix/,
    );
  });

  it('needs https, except on localhost', () => {
    expect(refusal(() => resolveRpId(undefined, 'http://example.org'))).toMatch(/not secure/);
    expect(refusal(() => resolveRpId(undefined, 'ftp://example.org'))).toMatch(/not secure/);
    expect(resolveRpId(undefined, 'http://localhost:3000')).toEqual({ origin: 'http://localhost:3000', rpId: 'localhost' });
    expect(resolveRpId('localhost', 'http://app.localhost').rpId).toBe('localhost');
  });

  it('refuses IP addresses, malformed origins and malformed RP IDs', () => {
    expect(refusal(() => resolveRpId(undefined, 'https://127.0.0.1'))).toMatch(/IP address/);
    expect(refusal(() => resolveRpId(undefined, 'https://[::1]'))).toMatch(/IP address/);
    expect(refusal(() => resolveRpId(undefined, 'example.org'))).toMatch(/not a URL/);
    expect(refusal(() => resolveRpId('.example.org', 'https://example.org'))).toMatch(/not a valid domain/);
    expect(refusal(() => resolveRpId('', 'https://example.org'))).toMatch(/not a valid domain/);
  });

  it('compares internationalized names in their ASCII form', () => {
    expect(resolveRpId('bücher.example', 'https://shop.xn--bcher-kva.example').rpId).toBe('xn--bcher-kva.example');
  });
});

describe('publicSuffixOf', () => {
  it('reads the Public Suffix List: single labels, multi-label and private suffixes, unknown names by the * rule', () => {
    expect(publicSuffixOf('com')).toBe('com');
    expect(publicSuffixOf('example.com')).toBe('com');
    expect(publicSuffixOf('www.example.co.uk')).toBe('co.uk');
    expect(publicSuffixOf('alice.github.io')).toBe('github.io');
    expect(publicSuffixOf('a.b.unknowntld')).toBe('unknowntld');
  });
});
