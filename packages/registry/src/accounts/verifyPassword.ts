import { verify } from 'argon2';

/** Whether `password` matches the argon2 PHC string `passwordHash` (argon2 compares in constant time); false for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
