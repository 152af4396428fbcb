import type { Knex } from 'knex';
import { HttpError } from '../http/HttpError.js';
import type { AuthenticatedUser } from './AuthenticatedUser.js';
import { hashPassword } from './hashPassword.js';
import { normalizeUsername } from './normalizeUsername.js';
import { validatePassword } from './validatePassword.js';
import { validateUsername } from './validateUsername.js';

/**
 * Creates an account after checking the username and password rules; 409 when the username is taken in any case.
 * The unique index on username_normalized decides races between concurrent sign-ups.
 */
export async function createUser(db: Knex, input: { username: unknown; password: unknown; isAdmin?: boolean }): Promise<AuthenticatedUser> {
  const username = validateUsername(input.username);
  const password = validatePassword(input.password);
  const normalized = normalizeUsername(username);
  const taken = () => new HttpError(409, 'username_taken', `The username "${username}" is already taken`);
  if (await db('users').where('username_normalized', normalized).first('id')) throw taken();
  const passwordHash = await hashPassword(password);
  try {
    const [row] = (await db('users')
      .insert({ username, username_normalized: normalized, password_hash: passwordHash, is_admin: input.isAdmin === true, created_at: new Date() })
      .returning('id')) as Array<{ id: number } | number>;
    const id = typeof row === 'number' ? row : Number(row?.id);
    return { id, username, isAdmin: input.isAdmin === true };
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === '23505' || (code === 'SQLITE_CONSTRAINT' && typeof message === 'string' && message.includes('UNIQUE'));
}
