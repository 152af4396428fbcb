// The entry of a password hashing worker thread (see PasswordHasherPool). argon2 runs synchronously here, one hash
// at a time. Its 19 MiB block comes from @node-rs/argon2's own allocator (mimalloc), which maps it for each hash and
// unmaps it after, on any thread: the old `argon2` package's glibc malloc instead kept one such block for good in
// each libuv pool thread that had hashed, so RSS grew by 19 MiB whenever a login landed on a fresh pool thread.
import { parentPort } from 'node:worker_threads';
import { hashSync, verifySync, type Algorithm, type Options } from '@node-rs/argon2';
import type { PasswordHasherReply, PasswordHasherRequest } from './PasswordHasherMessage.js';

/**
 * Argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): strong, and cheap enough that a burst
 * of logins does not exhaust a small server's memory. The parameters live in the PHC string, so raising them later
 * leaves old hashes verifiable. (2 is Algorithm.Argon2id: an ambient const enum cannot be read under isolatedModules.)
 */
const argon2Options: Options = { algorithm: 2 satisfies Algorithm.Argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };

function answer(request: PasswordHasherRequest): PasswordHasherReply {
  if (request.op === 'hash') return { ok: true, value: hashSync(request.password, argon2Options) };
  try {
    // Compares in constant time; the parameters come from the PHC string.
    return { ok: true, value: verifySync(request.passwordHash, request.password) };
  } catch {
    // A malformed PHC string: no password matches it.
    return { ok: true, value: false };
  }
}

const port = parentPort;
if (!port) throw new Error('passwordHasherWorker runs as a worker thread (see PasswordHasherPool)');
port.on('message', (request: PasswordHasherRequest) => {
  let reply: PasswordHasherReply;
  try {
    reply = answer(request);
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
