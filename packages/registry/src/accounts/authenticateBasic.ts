import type { Knex } from 'knex';
import type { AuthenticatedUser } from './AuthenticatedUser.js';
import { hashPassword } from './hashPassword.js';
import { normalizeUsername } from './normalizeUsername.js';
import { verifyPassword } from './verifyPassword.js';

let decoyHash: Promise<string> | undefined;

/**
 * The user whose username (any case) and password these are, or null. Just the check: no rate limit, no event
 * (attemptPasswordLogin adds both). An unknown username still costs one argon2 verification, against a decoy hash,
 * so the answer's timing does not tell which usernames exist.
 */
export async function authenticateBasic(db: Knex, username: string, password: string): Promise<AuthenticatedUser | null> {
  const row = (await db('users')
    .select('id', 'username', 'password_hash', 'is_admin')
    .where('username_normalized', normalizeUsername(username))
    .first()) as { id: number; username: string; password_hash: string; is_admin: unknown } | undefined;
  if (!row) {
    // A failed hash (a crashed hashing worker) is not kept: the next unknown username tries again.
    decoyHash ??= hashPassword('keybridge decoy password').catch((error: unknown) => {
      decoyHash = undefined;
      throw error;
    });
    await verifyPassword(await decoyHash, password);
    return null;
  }
  if (!(await verifyPassword(row.password_hash, password))) return null;
  return { id: row.id, username: row.username, isAdmin: Boolean(row.is_admin) };
}
