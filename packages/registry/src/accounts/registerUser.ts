import type { Knex } from 'knex';
import { recordEvent } from '../events/recordEvent.js';
import type { AuthenticatedUser } from './AuthenticatedUser.js';
import { createUser } from './createUser.js';

/** Sign-up: creates the account (rules checked, 409 if taken) and records account.signup. */
export async function registerUser(
  db: Knex,
  input: { username: unknown; password: unknown; ip: string | null; userAgent: string | null; via: 'api' | 'form' },
): Promise<AuthenticatedUser> {
  const user = await createUser(db, { username: input.username, password: input.password });
  await recordEvent(db, { kind: 'account.signup', userId: user.id, ip: input.ip, userAgent: input.userAgent, details: { via: input.via, username: user.username } });
  return user;
}
