import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { challengeLifetimeMs } from './webauthnRules.js';

export type ChallengePurpose = 'registration' | 'authentication';

/**
 * A new challenge for `purpose` in this session (32 random bytes, base64url), replacing the one before: a session has
 * at most one live ceremony of each kind, so asking again makes the older options useless.
 */
export async function issueChallenge(db: Knex, sessionHash: string, purpose: ChallengePurpose, now: number): Promise<string> {
  const challenge = randomBytes(32).toString('base64url');
  await db('webauthn_challenges')
    .insert({ session_hash: sessionHash, purpose, challenge, expires_at: new Date(now + challengeLifetimeMs) })
    .onConflict(['session_hash', 'purpose'])
    .merge(['challenge', 'expires_at']);
  return challenge;
}

/**
 * Takes the session's challenge for `purpose`: deleted here whatever the answer turns out to be, so each challenge
 * is answered at most once. Undefined when there is none, it expired, or a concurrent request took it first (the
 * delete names the challenge it read, so only one taker sees a row go).
 */
export async function takeChallenge(db: Knex, sessionHash: string, purpose: ChallengePurpose, now: number): Promise<string | undefined> {
  const row = (await db('webauthn_challenges').where({ session_hash: sessionHash, purpose }).first('challenge', 'expires_at')) as
    | { challenge: string; expires_at: string | number | Date }
    | undefined;
  if (!row) return undefined;
  const deleted = await db('webauthn_challenges').where({ session_hash: sessionHash, purpose, challenge: row.challenge }).delete();
  if (deleted !== 1) return undefined;
  return new Date(row.expires_at).getTime() > now ? row.challenge : undefined;
}
