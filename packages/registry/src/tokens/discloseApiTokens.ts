import type { Knex } from 'knex';
import { writeTransaction } from '../db/writeTransaction.js';
import { recordEvent } from '../events/recordEvent.js';
import { readApiToken } from './apiToken.js';
import { TokenRefusedError } from './TokenRefusedError.js';

/** One token a secret scanner found in public, and where (the shape GitHub's secret scanning sends). */
export interface DisclosedToken {
  token: string;
  url: string | null;
  source: string | null;
}

/**
 * Revokes every token in `disclosed` that this registry issued and has not revoked yet, with a token.disclosed event
 * for its owner (the token id and name, where it was found; never the token). Strings that are not valid tokens
 * change nothing. Returns nothing: the reporter learns nothing about which strings were tokens.
 */
export async function discloseApiTokens(
  db: Knex,
  request: { tokensKey: Buffer; disclosed: readonly DisclosedToken[]; now: number; ip: string | null; userAgent: string | null },
): Promise<void> {
  for (const item of request.disclosed) {
    let tokenId: string;
    try {
      tokenId = readApiToken(item.token, request.tokensKey).tokenId;
    } catch (error) {
      if (error instanceof TokenRefusedError) continue;
      throw error;
    }
    await writeTransaction(db, async (trx) => {
      const row = (await trx('api_tokens').select('user_id', 'name').where('id', tokenId).whereNull('revoked_at').first()) as { user_id: number; name: string } | undefined;
      if (!row) return;
      await trx('api_tokens').where('id', tokenId).update({ revoked_at: new Date(request.now), revoked_reason: 'disclosed' });
      await recordEvent(trx, {
        kind: 'token.disclosed',
        userId: row.user_id,
        ip: request.ip,
        userAgent: request.userAgent,
        details: { tokenId, name: row.name, url: item.url, source: item.source },
      });
    });
  }
}
