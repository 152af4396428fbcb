import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiTokenReader, apiTokenRootKey, checkProjectCaveats, checkRequestCaveats, deriveTokensKey, maxApiTokenLength, mintApiToken, readApiToken } from './apiToken.js';
import { encodeMacaroonV2, macaroonSignature } from './macaroonV2.js';
import type { TokenCaveat } from './tokenCaveats.js';
import { TokenRefusedError } from './TokenRefusedError.js';

const tokensKey = deriveTokensKey(Buffer.alloc(32, 1));
const tokenId = '00112233445566778899aabbccddeeff';
const caveats: TokenCaveat[] = [
  { kind: 'projectNames', names: ['my-pkg'] },
  { kind: 'projectIds', ids: ['4'] },
  { kind: 'user', userId: '9' },
  { kind: 'permissions', permissions: ['upload'] },
  { kind: 'expiry', expiresAt: 2000, notBefore: 1000 },
  { kind: 'sourceAddresses', ranges: ['10.0.0.0/8'] },
];
const token = mintApiToken(tokensKey, { tokenId, caveats });

/** A token signed with the right key whose caveats are whatever bytes the test gives. */
function signedWith(caveatTexts: readonly string[], id = tokenId): string {
  const identifier = Buffer.from(id);
  const ids = caveatTexts.map((text) => Buffer.from(text));
  const signature = macaroonSignature(apiTokenRootKey(tokensKey, id), identifier, ids);
  const bytes = encodeMacaroonV2({ location: '', identifier, caveats: ids.map((cid) => ({ identifier: cid, location: null, verificationId: null })), signature });
  return `kbr-${bytes.toString('base64url')}`;
}

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof TokenRefusedError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('apiToken', () => {
  it('reads back what it minted; only the right key verifies it', () => {
    expect(readApiToken(token, tokensKey)).toEqual({ tokenId, caveats });
    expect(refusal(() => readApiToken(token, deriveTokensKey(Buffer.alloc(32, 2))))).toBe('invalid');
    // pymacaroons' spelling (padding) of the same bytes is accepted; another alphabet is not.
    const padded = `${token}${'='.repeat((4 - ((token.length - 4) % 4)) % 4)}`;
    expect(readApiToken(padded, tokensKey).tokenId).toBe(tokenId);
  });

  it('accepts one spelling only: no dropped or added empty locations, no long varints', () => {
    const bytes = Buffer.from(token.slice(4), 'base64url');
    expect([...bytes.subarray(0, 3)]).toEqual([2, 1, 0]);
    const spell = (parts: Buffer[]) => `kbr-${Buffer.concat(parts).toString('base64url')}`;
    const identifierAt = 3;
    expect(bytes[identifierAt]).toBe(2);
    const withoutLocation = spell([bytes.subarray(0, 1), bytes.subarray(3)]);
    const longVarint = spell([bytes.subarray(0, identifierAt + 1), Buffer.from([0xa0, 0x00]), bytes.subarray(identifierAt + 2)]);
    const firstCaveat = identifierAt + 2 + 32 + 1;
    expect(bytes[firstCaveat]).toBe(2);
    const caveatLocation = spell([bytes.subarray(0, firstCaveat), Buffer.from([1, 0]), bytes.subarray(firstCaveat)]);
    for (const variant of [withoutLocation, longVarint, caveatLocation]) expect(refusal(() => readApiToken(variant, tokensKey))).toBe('malformed');
  });

  it('ApiTokenReader remembers accepted tokens only, and gives the same answers as readApiToken', () => {
    const reader = new ApiTokenReader(tokensKey, 2);
    expect(reader.read(token)).toEqual(readApiToken(token, tokensKey));
    expect(reader.read(token)).toBe(reader.read(token));
    const tampered = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}${token.slice(-1)}`;
    expect(refusal(() => reader.read(tampered))).not.toBe('accepted');
    expect(refusal(() => reader.read(tampered))).not.toBe('accepted');
    const others = ['11112233445566778899aabbccddeeff', '22222233445566778899aabbccddeeff'].map((id) => mintApiToken(tokensKey, { tokenId: id, caveats: [] }));
    for (const other of others) expect(reader.read(other).caveats).toEqual([]);
    // Bounded: the oldest went, and comes back by being read again.
    expect(reader.read(token).tokenId).toBe(tokenId);
  });

  it('checks request caveats: the expiry window, the address, the user, the permission', () => {
    const request = { now: 1500, ip: '10.1.2.3', userId: 9, permission: 'upload' as const };
    expect(() => checkRequestCaveats(caveats, request)).not.toThrow();
    expect(refusal(() => checkRequestCaveats(caveats, { ...request, now: 2000 }))).toBe('expired');
    expect(refusal(() => checkRequestCaveats(caveats, { ...request, now: 999 }))).toBe('not_yet_valid');
    expect(refusal(() => checkRequestCaveats(caveats, { ...request, ip: '192.0.2.1' }))).toBe('address');
    expect(refusal(() => checkRequestCaveats(caveats, { ...request, userId: 10 }))).toBe('user');
    expect(refusal(() => checkRequestCaveats([{ kind: 'permissions', permissions: [] }], request))).toBe('permission');
  });

  it('checks project caveats: names and ids must all hold; an id-scoped token never creates a project', () => {
    expect(() => checkProjectCaveats(caveats, { id: 4, name: 'My.Pkg', normalizedName: 'my-pkg' })).not.toThrow();
    expect(() => checkProjectCaveats(caveats, { id: 5, name: 'Other', normalizedName: 'other' })).toThrow("token is scoped to project 'my-pkg', not 'Other'");
    // Renamed? The id must match too.
    expect(refusal(() => checkProjectCaveats(caveats, { id: 5, name: 'my-pkg', normalizedName: 'my-pkg' }))).toBe('project');
    expect(refusal(() => checkProjectCaveats(caveats, { id: null, name: 'my-pkg', normalizedName: 'my-pkg' }))).toBe('project');
    const byName: TokenCaveat[] = [{ kind: 'projectNames', names: ['new-one'] }];
    expect(() => checkProjectCaveats(byName, { id: null, name: 'New_One', normalizedName: 'new-one' })).not.toThrow();
    // Two name caveats: both must hold, so adding one narrows.
    expect(refusal(() => checkProjectCaveats([...byName, { kind: 'projectNames', names: ['b'] }], { id: null, name: 'new-one', normalizedName: 'new-one' }))).toBe('project');
  });

  it('refuses signed tokens with unreadable caveats (fail closed), and third-party or located ones', () => {
    expect(refusal(() => readApiToken(signedWith(['[4,"publisher"]']), tokensKey))).toBe('caveat');
    expect(refusal(() => readApiToken(signedWith([`${'['.repeat(3000)}${']'.repeat(3000)}`]), tokensKey))).toBe('caveat');
    expect(refusal(() => readApiToken(signedWith(['not json']), tokensKey))).toBe('caveat');
    expect(refusal(() => readApiToken(signedWith([], 'not-a-hex-token-id-at-all-000000'), tokensKey))).toBe('invalid');
    // The largest number of caveats a token may hold is read; one more is malformed, both quickly.
    const many = Array.from({ length: 64 }, () => '[101,["upload"]]');
    expect(readApiToken(signedWith(many), tokensKey).caveats).toHaveLength(64);
    expect(refusal(() => readApiToken(signedWith([...many, '[101,["upload"]]']), tokensKey))).toBe('malformed');
    const huge = signedWith([`[1,[${Array.from({ length: 2000 }, () => '"x"').join(',')}]]`]);
    expect(huge.length).toBeGreaterThan(maxApiTokenLength);
    expect(refusal(() => readApiToken(huge, tokensKey))).toBe('malformed');
  });

  it('property: random strings, mutated and truncated tokens are refused with a TokenRefusedError, never anything else', () => {
    const body = token.slice(4);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/.';
    const mutated = fc
      .tuple(fc.nat(body.length - 1), fc.integer({ min: 0, max: alphabet.length - 1 }))
      .filter(([index, char]) => body[index] !== alphabet[char])
      .map(([index, char]) => `kbr-${body.slice(0, index)}${alphabet[char]}${body.slice(index + 1)}`);
    const truncated = fc.nat(token.length - 1).map((length) => token.slice(0, length));
    const v1 = fc.string({ maxLength: 200 }).map((text) => `kbr-${Buffer.from(`0010location ${text}\n`).toString('base64url')}`);
    const randomBytesToken = fc.uint8Array({ maxLength: 400 }).map((bytes) => `kbr-${Buffer.from(bytes).toString('base64url')}`);
    const strings = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }).map((text) => `kbr-${text}`));
    fc.assert(
      fc.property(fc.oneof(mutated, truncated, v1, randomBytesToken, strings), (candidate) => {
        const code = refusal(() => readApiToken(candidate, tokensKey));
        expect(['malformed', 'invalid', 'caveat']).toContain(code);
      }),
      { numRuns: 4000 },
    );
  });
});
