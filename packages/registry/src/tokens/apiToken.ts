import { createHash, createHmac } from 'node:crypto';
import { decodeMacaroonV2, encodeMacaroonV2, hasValidSignature, MacaroonFormatError, macaroonSignature } from './macaroonV2.js';
import { addressInRanges, CaveatFormatError, decodeCaveat, encodeCaveat, type TokenCaveat, type TokenPermission } from './tokenCaveats.js';
import { TokenRefusedError } from './TokenRefusedError.js';

/**
 * keybridge API tokens: `kbr-` + a V2 binary macaroon in base64url without padding. The macaroon's identifier is the
 * token id (32 hex digits, stored); its root key is HMAC(tokens key, id), where the tokens key is derived from the
 * server's secret key: the database alone can neither mint nor check a token. Every byte of a token is either signed
 * or structure (no location, one base64 spelling), so any change to it is refused.
 */
export const apiTokenPrefix = 'kbr-';
/** Far above any real token (a few hundred characters) and low enough that a hostile one costs little to refuse. */
export const maxApiTokenLength = 8192;
const tokenIdShape = /^[0-9a-f]{32}$/;
const base64UrlShape = /^[A-Za-z0-9_-]+={0,2}$/;

/** The key every token's root key is derived from (domain-separated from the secret key's other uses, such as CSRF). */
export function deriveTokensKey(secretKey: Uint8Array): Buffer {
  return createHmac('sha256', secretKey).update('keybridge api tokens v1').digest();
}

export function apiTokenRootKey(tokensKey: Uint8Array, tokenId: string): Buffer {
  return createHmac('sha256', tokensKey).update(tokenId).digest();
}

export function mintApiToken(tokensKey: Uint8Array, token: { tokenId: string; caveats: readonly TokenCaveat[] }): string {
  const identifier = Buffer.from(token.tokenId);
  const caveatIds = token.caveats.map(encodeCaveat);
  const signature = macaroonSignature(apiTokenRootKey(tokensKey, token.tokenId), identifier, caveatIds);
  const bytes = encodeMacaroonV2({
    // Empty, as pymacaroons writes a macaroon without one: a location is not signed, so a token that carried one
    // could be altered without breaking its signature. Tokens that carry one are refused.
    location: '',
    identifier,
    caveats: caveatIds.map((id) => ({ identifier: id, location: null, verificationId: null })),
    signature,
  });
  return `${apiTokenPrefix}${bytes.toString('base64url')}`;
}

export interface ReadApiToken {
  readonly tokenId: string;
  readonly caveats: readonly TokenCaveat[];
}

/**
 * The id and caveats of a token whose signature is right (no database: revocation and the request's context are
 * checked by the caller). Throws TokenRefusedError: 'malformed' (not a keybridge token), 'invalid' (wrong signature,
 * an id keybridge never makes, a third-party caveat), 'caveat' (a caveat keybridge cannot read: fail closed).
 */
export function readApiToken(token: string, tokensKey: Uint8Array): ReadApiToken {
  if (token.length > maxApiTokenLength) throw new TokenRefusedError('malformed', 'token is too long');
  if (!token.startsWith(apiTokenPrefix)) throw new TokenRefusedError('malformed', `token does not start with '${apiTokenPrefix}'`);
  const text = token.slice(apiTokenPrefix.length);
  if (!base64UrlShape.test(text)) throw new TokenRefusedError('malformed', 'token is not base64url');
  const unpadded = text.replace(/=+$/, '');
  const bytes = Buffer.from(unpadded, 'base64url');
  // Only one spelling of each token: base64's spare bits must be zero, so no other string decodes to these bytes.
  if (bytes.toString('base64url') !== unpadded) throw new TokenRefusedError('malformed', 'token is not canonical base64url');
  let macaroon;
  try {
    macaroon = decodeMacaroonV2(bytes);
  } catch (error) {
    if (error instanceof MacaroonFormatError) throw new TokenRefusedError('malformed', 'token is not a V2 macaroon');
    throw error;
  }
  // Exactly the shape keybridge and pymacaroons write: an empty location, none on caveats.
  if (macaroon.location !== '' || macaroon.caveats.some((caveat) => caveat.location !== null)) {
    throw new TokenRefusedError('malformed', 'token carries a location (keybridge tokens have none)');
  }
  const tokenId = macaroon.identifier.toString('latin1');
  if (!tokenIdShape.test(tokenId) || !hasValidSignature(macaroon, apiTokenRootKey(tokensKey, tokenId))) {
    throw new TokenRefusedError('invalid', 'token is not valid');
  }
  const caveats: TokenCaveat[] = [];
  for (const caveat of macaroon.caveats) {
    try {
      caveats.push(decodeCaveat(caveat.identifier));
    } catch (error) {
      if (error instanceof CaveatFormatError) throw new TokenRefusedError('caveat', `token has a caveat keybridge cannot accept (${error.message})`);
      throw error;
    }
  }
  return { tokenId, caveats };
}

/**
 * readApiToken with a memory of the tokens it accepted, keyed by the SHA-256 of the token string (never the string):
 * a CI job that uploads with the same token again costs one hash instead of the parse and the HMAC chain. Only tokens
 * with a right signature are remembered, so nobody can fill the memory with guesses; it is bounded all the same.
 * Revocation and the request's caveats are still checked on every use by the caller.
 */
export class ApiTokenReader {
  private readonly accepted = new Map<string, ReadApiToken>();

  constructor(
    private readonly tokensKey: Uint8Array,
    private readonly capacity = 10_000,
  ) {}

  read(token: string): ReadApiToken {
    if (token.length > maxApiTokenLength) return readApiToken(token, this.tokensKey);
    const key = createHash('sha256').update(token).digest('base64');
    const remembered = this.accepted.get(key);
    if (remembered) return remembered;
    const read = readApiToken(token, this.tokensKey);
    if (this.accepted.size >= this.capacity) this.accepted.delete(this.accepted.keys().next().value!);
    this.accepted.set(key, read);
    return read;
  }
}

/** What a request is, for the caveats that do not depend on a project. */
export interface TokenRequest {
  /** Unix seconds. */
  now: number;
  /** The client address (the socket's, or the proxy's word when trusted). */
  ip: string | null;
  /** The user the token belongs to. */
  userId: number;
  permission: TokenPermission;
}

/** Throws TokenRefusedError unless every caveat that does not concern a project holds for `request`. */
export function checkRequestCaveats(caveats: readonly TokenCaveat[], request: TokenRequest): void {
  for (const caveat of caveats) {
    switch (caveat.kind) {
      case 'expiry':
        if (request.now >= caveat.expiresAt) throw new TokenRefusedError('expired', 'token expired');
        if (request.now < caveat.notBefore) throw new TokenRefusedError('not_yet_valid', 'token is not valid yet');
        break;
      case 'sourceAddresses':
        if (!addressInRanges(request.ip, caveat.ranges)) throw new TokenRefusedError('address', 'token not valid from this address');
        break;
      case 'user':
        if (caveat.userId !== String(request.userId)) throw new TokenRefusedError('user', 'token is restricted to another user');
        break;
      case 'permissions':
        if (!caveat.permissions.includes(request.permission)) throw new TokenRefusedError('permission', `token does not allow: ${request.permission}`);
        break;
      case 'projectNames':
      case 'projectIds':
        break;
    }
  }
}

/**
 * Throws TokenRefusedError unless the token's project caveats allow `project`: an existing project (id and PEP 503
 * name), or one the upload would create (id null). A token limited to project ids can never create a project; one
 * limited by name only (narrowed by its holder) may create a project of that name.
 */
export function checkProjectCaveats(caveats: readonly TokenCaveat[], project: { id: number | null; name: string; normalizedName: string }): void {
  for (const caveat of caveats) {
    if (caveat.kind === 'projectNames' && !caveat.names.includes(project.normalizedName)) throw scopeRefusal(caveat.names, project.name);
    if (caveat.kind === 'projectIds' && (project.id === null || !caveat.ids.includes(String(project.id)))) {
      const names = caveats.find((other) => other.kind === 'projectNames');
      throw scopeRefusal(names?.kind === 'projectNames' ? names.names : caveat.ids.map((id) => `#${id}`), project.name);
    }
  }
}

function scopeRefusal(allowed: readonly string[], asked: string): TokenRefusedError {
  const list = allowed.map((name) => `'${name}'`).join(', ');
  return new TokenRefusedError('project', `token is scoped to ${allowed.length === 1 ? 'project' : 'projects'} ${list || '(none)'}, not '${asked}'`);
}
