import type { GetAssertionExtensionInputs } from '../../extensions/GetAssertionExtensionInputs.js';
import type { HmacSecretSession } from '../../extensions/HmacSecretSession.js';

/** getNextAssertion waits at most this long after the previous getAssertion / getNextAssertion (CTAP 2.1 §6.3). */
export const GET_NEXT_ASSERTION_TIMEOUT_MS = 30_000;

/** What a getAssertion with more than one discoverable credential leaves for getNextAssertion. */
export interface PendingAssertions {
  rpIdHash: Uint8Array;
  clientDataHash: Uint8Array;
  /** Ids of the credentials still to hand out, in order (newest first). */
  remainingCredentialIds: Uint8Array[];
  /** UP / UV bits of the original assertion, repeated in each next one. */
  flags: number;
  userVerified: boolean;
  extensions: GetAssertionExtensionInputs;
  /** hmac-secret salts and shared secret, reused for each credential. */
  hmacSecret?: HmacSecretSession;
  /** core.now() after which getNextAssertion answers NOT_ALLOWED. */
  expiresAt: number;
}
