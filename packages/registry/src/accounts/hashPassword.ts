import { passwordHasher } from './passwordHasher.js';

/** The argon2id PHC string of `password` (19 MiB, 2 passes, 1 lane; see passwordHasherWorker), computed off the event loop. */
export async function hashPassword(password: string): Promise<string> {
  return passwordHasher().hash(password);
}
