import { describe, expect, it } from 'vitest';
import { CtapClientError } from '../CtapClientError.js';
import { isBuiltInPublicSuffix } from './isBuiltInPublicSuffix.js';
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

  it('refuses public suffixes: single labels and the built-in list', () => {
    expect(refusal(() => resolveRpId('org', 'https://example.org'))).toBe('rpId "org" is not a registrable suffix of "example.org"');
    expect(refusal(() => resolveRpId('co.uk', 'https://example.co.uk'))).toMatch(/not a registrable suffix/);
    expect(refusal(() => resolveRpId('github.io', 'https://alice.github.io'))).toMatch(/not a registrable suffix/);
    // …unless the caller's own list says otherwise.
    expect(resolveRpId('github.io', 'https://alice.github.io', () => false).rpId).toBe('github.io');
    expect(refusal(() => resolveRpId('example.org', 'https://login.example.org', (domain) => domain === 'example.org'))).toMatch(/not a registrable suffix/);
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

describe('isBuiltInPublicSuffix', () => {
  it('treats single labels (but localhost) and listed suffixes as public', () => {
    expect(isBuiltInPublicSuffix('com')).toBe(true);
    expect(isBuiltInPublicSuffix('localhost')).toBe(false);
    expect(isBuiltInPublicSuffix('co.uk')).toBe(true);
    expect(isBuiltInPublicSuffix('example.com')).toBe(false);
  });
});
