import type { Knex } from 'knex';
import { describeTokenRow, type ApiTokenRow, type ApiTokenSummary } from './describeTokenRow.js';

/** The user's tokens that are not revoked, oldest first, as describeTokenRow sees them at `now` (epoch ms). */
export async function listApiTokens(db: Knex, userId: number, now: number): Promise<ApiTokenSummary[]> {
  const rows = (await db('api_tokens').select('*').where('user_id', userId).whereNull('revoked_at').orderBy('created_at', 'asc').orderBy('name', 'asc')) as ApiTokenRow[];
  const tokens: ApiTokenSummary[] = [];
  for (const row of rows) tokens.push(await describeTokenRow(db, row, now));
  return tokens;
}
