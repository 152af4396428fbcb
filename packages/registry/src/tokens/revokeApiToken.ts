import type { Knex } from 'knex';
import { writeTransaction } from '../db/writeTransaction.js';
import { recordEvent } from '../events/recordEvent.js';
import { HttpError } from '../http/HttpError.js';

/**
 * Revokes one of the user's tokens at once: the next request that presents it, to any process on this database, is
 * refused (every token use reads its row). 404 for a token that is not the user's or was revoked already.
 */
export async function revokeApiToken(
  db: Knex,
  request: { userId: number; tokenId: string; now: number; ip: string | null; userAgent: string | null },
): Promise<{ id: string; name: string }> {
  return writeTransaction(db, async (trx) => {
    const row = (await trx('api_tokens').select('name').where({ id: request.tokenId, user_id: request.userId }).whereNull('revoked_at').first()) as { name: string } | undefined;
    if (!row) throw new HttpError(404, 'token_not_found', 'You have no token with this id (or it was revoked already)');
    await trx('api_tokens').where('id', request.tokenId).update({ revoked_at: new Date(request.now), revoked_reason: 'revoked' });
    await recordEvent(trx, { kind: 'token.revoked', userId: request.userId, ip: request.ip, userAgent: request.userAgent, details: { tokenId: request.tokenId, name: row.name } });
    return { id: request.tokenId, name: row.name };
  });
}
