import { Buffer } from 'node:buffer';
import { verifyAuthenticationResponse, type AuthenticationResponseJSON, type VerifiedAuthenticationResponse } from '@simplewebauthn/server';
import type { Knex } from 'knex';
import { libraryMessage } from './libraryMessage.js';
import { parseAuthenticationResponse, WebAuthnResponseError } from './parseWebAuthnResponse.js';
import type { SecurityKeyRow } from './StoredSecurityKey.js';
import { takeChallenge } from './webauthnChallenges.js';
import { relyingParty, userHandleOf, type WebAuthnDeps } from './WebAuthnDeps.js';

export type SecurityKeyCheck =
  | { ok: true; keyId: number; name: string }
  | { ok: false; reason: 'invalid' | 'counter_regression' | 'unknown_credential' | 'no_challenge'; message: string };

/**
 * Bounds the compare-and-store loop below. Each failed store means another assertion of the key stored a higher
 * counter, so the loop ends by itself within as many rounds as there are concurrent checks; this only guards
 * against a counter changed behind the registry's back.
 */
const counterUpdateAttempts = 64;

/**
 * Checks an assertion (the answer to securityKeyAuthenticationOptions) as the user's second factor. The session's
 * authentication challenge is taken first, so it is spent whatever the outcome. Never throws for bad input: a
 * malformed or unverifiable response is 'invalid', a credential that is not one of this user's keys (another
 * user's included) 'unknown_credential', no live challenge 'no_challenge'. A verified signature whose counter did not
 * increase (unless stored and new are both 0) is 'counter_regression', and the stored counter stays as it was: the
 * key may be cloned, and the caller records the event. On success the counter, backup state and last use are stored.
 */
export async function checkSecurityKeyAssertion(deps: WebAuthnDeps, userId: number, sessionHash: string, response: unknown): Promise<SecurityKeyCheck> {
  const { db, config, now } = deps;
  const challenge = await takeChallenge(db, sessionHash, 'authentication', now);
  let parsed: AuthenticationResponseJSON;
  try {
    parsed = parseAuthenticationResponse(response);
  } catch (error) {
    if (error instanceof WebAuthnResponseError) return { ok: false, reason: 'invalid', message: `Malformed security-key response: ${error.message}` };
    throw error;
  }
  if (challenge === undefined) {
    return { ok: false, reason: 'no_challenge', message: 'No security-key check is waiting in this session (or it took longer than 5 minutes): ask for a new one' };
  }
  const row = (await db('webauthn_credentials')
    .select('*')
    .where({ user_id: userId, credential_id: canonicalId(parsed.id) })
    .first()) as SecurityKeyRow | undefined;
  if (!row) return { ok: false, reason: 'unknown_credential', message: 'This security key is not registered to this account' };
  // A discoverable credential names its account (WebAuthn §7.2 step 6); SimpleWebAuthn does not look at it.
  const userHandle = parsed.response.userHandle;
  if (userHandle !== undefined && userHandle !== Buffer.from(userHandleOf(userId)).toString('base64url')) {
    return { ok: false, reason: 'invalid', message: 'The security key answered for another account (its user handle is not this account’s)' };
  }

  const rp = relyingParty(config);
  let verified: VerifiedAuthenticationResponse;
  try {
    verified = await verifyAuthenticationResponse({
      response: parsed,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpId,
      // Counter 0 turns SimpleWebAuthn's own counter check off: it runs before the signature is checked, and a
      // regression must only be reported for a signature that verifies.
      credential: { id: row.credential_id, publicKey: new Uint8Array(Buffer.from(row.public_key, 'base64url')), counter: 0 },
      requireUserVerification: false,
    });
  } catch (error) {
    return { ok: false, reason: 'invalid', message: `The security key's response was refused: ${libraryMessage(error)}` };
  }
  if (!verified.verified) return { ok: false, reason: 'invalid', message: "The security key's signature does not verify" };

  const { newCounter, credentialBackedUp } = verified.authenticationInfo;
  let stored = Number(row.counter);
  for (let attempt = 0; attempt < counterUpdateAttempts; attempt++) {
    if (!(newCounter > stored || (newCounter === 0 && stored === 0))) {
      return { ok: false, reason: 'counter_regression', message: `The security key's signature counter went from ${stored} to ${newCounter}: the key may have been cloned` };
    }
    if (await storeUse(db, row.id, stored, newCounter, credentialBackedUp, now)) return { ok: true, keyId: Number(row.id), name: row.name };
    // Another assertion of this key stored its counter since we read ours: compare with that one.
    const current = (await db('webauthn_credentials').where('id', row.id).first('counter')) as { counter: number | string } | undefined;
    if (!current) return { ok: false, reason: 'unknown_credential', message: 'This security key was removed from this account' };
    stored = Number(current.counter);
  }
  // Not a regression that was seen: other assertions of this key kept landing first. Nothing was stored.
  return { ok: false, reason: 'invalid', message: 'This security key is being used by several requests at once: try again' };
}

/** Stores a use only if the counter is still the one compared with (so a concurrent, larger counter is never lowered). */
async function storeUse(db: Knex, id: number, oldCounter: number, newCounter: number, backedUp: boolean, now: number): Promise<boolean> {
  const changed = await db('webauthn_credentials')
    .where({ id, counter: oldCounter })
    .update({ counter: newCounter, backup_state: backedUp, last_used_at: new Date(now) });
  return changed === 1;
}

/** Credential ids are stored as SimpleWebAuthn writes them: unpadded base64url of the bytes (what the client sent may differ in padding bits). */
function canonicalId(id: string): string {
  return Buffer.from(id, 'base64url').toString('base64url');
}
