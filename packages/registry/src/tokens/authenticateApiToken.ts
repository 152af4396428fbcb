import type { Knex } from 'knex';
import type { AuthenticatedUser } from '../accounts/AuthenticatedUser.js';
import { writeTransaction } from '../db/writeTransaction.js';
import { recordEvent } from '../events/recordEvent.js';
import { HttpError } from '../http/HttpError.js';
import { countHit, peekHits } from '../rateLimits/fixedWindowCounter.js';
import { checkRequestCaveats, type ApiTokenReader } from './apiToken.js';
import type { TokenCaveat } from './tokenCaveats.js';
import { badTokenLimit, tokenLimitWindowMs } from './tokenRules.js';
import { TokenRefusedError } from './TokenRefusedError.js';

/** A token that passed every check not tied to a project (the upload checks its project caveats: checkProjectCaveats). */
export interface VerifiedApiToken {
  id: string;
  name: string;
  caveats: readonly TokenCaveat[];
}

export interface ApiTokenAuthentication {
  db: Knex;
  tokenReader: ApiTokenReader;
  /** Epoch ms. */
  now: number;
  ip: string | null;
  userAgent: string | null;
  publicUrl: string;
}

/**
 * The user an upload's API token stands for: no argon2, no login limit. Bad tokens (malformed, wrong signature) are
 * limited per address (badTokenLimit per window, 429 after); every refusal is a 403 whose message says which check
 * failed and never holds the token. A first use from an address writes token.used_from_new_address.
 */
export async function authenticateApiToken(token: string, request: ApiTokenAuthentication): Promise<{ user: AuthenticatedUser; token: VerifiedApiToken }> {
  const { db, now, ip } = request;
  const limitKey = `token:ip:${(ip ?? 'unknown').slice(0, 200)}`;
  const limited = await peekHits(db, limitKey, tokenLimitWindowMs, now);
  if (limited.hits >= badTokenLimit) throw tooManyBadTokens(limited.retryAfterSeconds);

  try {
    const read = request.tokenReader.read(token);
    const row = (await db('api_tokens')
      .join('users', 'users.id', 'api_tokens.user_id')
      .select('api_tokens.name', 'api_tokens.revoked_at', 'users.id as user_id', 'users.username', 'users.is_admin')
      .where('api_tokens.id', read.tokenId)
      .first()) as { name: string; revoked_at: unknown; user_id: number; username: string; is_admin: unknown } | undefined;
    // Signed by this server but gone from the database (its user was deleted): as good as never issued.
    if (!row) throw new TokenRefusedError('invalid', 'token is not valid');
    if (row.revoked_at !== null) throw new TokenRefusedError('revoked', 'token was revoked');
    checkRequestCaveats(read.caveats, { now: Math.floor(now / 1000), ip, userId: row.user_id, permission: 'upload' });
    await recordUse(db, read.tokenId, row.user_id, request);
    return {
      user: { id: row.user_id, username: row.username, isAdmin: Boolean(row.is_admin) },
      token: { id: read.tokenId, name: row.name, caveats: read.caveats },
    };
  } catch (error) {
    if (!(error instanceof TokenRefusedError)) throw error;
    if (error.isBadToken) {
      const count = await countHit(db, limitKey, tokenLimitWindowMs, now);
      if (count.hits > badTokenLimit) throw tooManyBadTokens(count.retryAfterSeconds);
    }
    throw tokenRefusal(error, request.publicUrl);
  }
}

/** The 403 for a refused token, in the words twine shows. */
export function tokenRefusal(error: TokenRefusedError, publicUrl: string): HttpError {
  return new HttpError(403, 'invalid_token', `Invalid API token: ${error.message}. See ${publicUrl}/help/#invalid-auth-token for more information.`);
}

function tooManyBadTokens(retryAfterSeconds: number): HttpError {
  return new HttpError(429, 'rate_limited', `Too many invalid API tokens from this address: try again in ${retryAfterSeconds} seconds`, {
    'Retry-After': String(retryAfterSeconds),
  });
}

async function recordUse(db: Knex, tokenId: string, userId: number, request: ApiTokenAuthentication): Promise<void> {
  const at = new Date(request.now);
  const ip = request.ip === null ? null : request.ip.slice(0, 64);
  // One commit for the whole record (on SQLite each statement alone would be a commit, and a sync, of its own).
  await writeTransaction(db, async (trx) => {
    await trx('api_tokens').where('id', tokenId).update({ last_used_at: at, last_used_ip: ip });
    if (ip === null) return;
    const inserted = (await trx('api_token_addresses')
      .insert({ token_id: tokenId, ip, first_used_at: at, last_used_at: at })
      .onConflict(['token_id', 'ip'])
      .ignore()
      .returning('token_id')) as unknown[];
    if (inserted.length === 0) {
      await trx('api_token_addresses').where({ token_id: tokenId, ip }).update({ last_used_at: at });
    } else {
      await recordEvent(trx, { kind: 'token.used_from_new_address', userId, ip, userAgent: request.userAgent, details: { tokenId } });
    }
  });
}
