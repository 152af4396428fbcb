/** What the pool asks its worker thread (passwordHasherWorker) to do, one request at a time. */
export type PasswordHasherRequest = { op: 'hash'; password: string } | { op: 'verify'; passwordHash: string; password: string };

/** The worker's answer: a PHC string for 'hash', a boolean for 'verify' (false for a malformed hash too). */
export type PasswordHasherReply = { ok: true; value: string | boolean } | { ok: false; message: string };
