import { passwordHasher } from './passwordHasher.js';

/**
 * Whether `password` matches the argon2 PHC string `passwordHash` (argon2 compares in constant time); false for a
 * malformed hash. Rejects with PasswordHasherError only when the hashing worker fails (a server fault).
 */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return passwordHasher().verify(passwordHash, password);
}
