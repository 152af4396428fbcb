import { argon2id, hash } from 'argon2';

/**
 * Argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): strong, and cheap enough that a burst of
 * logins does not exhaust a small server's memory. The parameters live in the PHC string, so raising them later
 * leaves old hashes verifiable.
 */
export const argon2Options = { type: argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}
