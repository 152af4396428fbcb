/** What the emulated user does when the authenticator asks for a touch. */
export type UserPresenceDecision = 'approve' | 'deny' | 'timeout';

export interface UserPresenceRequest {
  /** What the touch is for, e.g. "makeCredential", "getAssertion", "reset", "u2fRegister". */
  purpose: string;
  rpId?: string;
}

/** The hook tests use to drive every branch: answer now, answer later, or never answer. */
export type UserPresencePolicy = (request: UserPresenceRequest) => UserPresenceDecision | Promise<UserPresenceDecision>;

/**
 * A fixed answer, optionally after a delay (a user who takes a moment to touch the key).
 * "timeout" is a user who never touches it: the authenticator's own timeout then ends the wait.
 */
export function fixedUserPresence(decision: UserPresenceDecision, delayMs = 0): UserPresencePolicy {
  if (decision === 'timeout') return () => new Promise<UserPresenceDecision>(() => undefined);
  if (delayMs <= 0) return () => decision;
  return () => new Promise((resolve) => setTimeout(() => resolve(decision), delayMs));
}
