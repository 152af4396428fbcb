import type { AuthenticatedUser } from './AuthenticatedUser.js';

/** A user as the JSON API shows them (sign-up, login, /me). */
export function userJson(user: AuthenticatedUser): { id: number; username: string; isAdmin: boolean } {
  return { id: user.id, username: user.username, isAdmin: user.isAdmin };
}
