import { availableParallelism } from 'node:os';
import { PasswordHasherPool } from './PasswordHasherPool.js';

let shared: PasswordHasherPool | undefined;

/** The process-wide password hashing pool: at most two worker threads (one on a single core). */
export function passwordHasher(): PasswordHasherPool {
  shared ??= new PasswordHasherPool({ workerUrl: workerUrl(), size: Math.min(2, availableParallelism()) });
  return shared;
}

function workerUrl(): URL {
  // Under vitest this module runs from src/ as TypeScript, which a worker thread (plain Node) cannot load: use the
  // build's worker instead (tests run after tsc -b; src/ and dist/ sit at the same depth).
  if (import.meta.url.endsWith('.ts')) return new URL('../../dist/accounts/passwordHasherWorker.js', import.meta.url);
  return new URL('./passwordHasherWorker.js', import.meta.url);
}
