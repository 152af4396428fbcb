import { CtapError, CtapStatus, encodeGetAssertionResponse } from '@keybridge/ctap';
import type { Ctap2Handler } from '../Ctap2Handler.js';
import { findCredential } from './findCredential.js';
import { GET_NEXT_ASSERTION_TIMEOUT_MS } from './PendingAssertions.js';
import { signAssertion } from './signAssertion.js';

/**
 * authenticatorGetNextAssertion, CTAP 2.1 §6.3: the next credential of the last getAssertion, within 30 s of the
 * previous assertion. Nothing pending, past the end, or too late are all NOT_ALLOWED (as solo and canokey answer).
 * A credential deleted in between is skipped.
 */
export const handleGetNextAssertion: Ctap2Handler = async (core) => {
  const pending = core.volatile.pendingAssertions;
  if (!pending) throw new CtapError(CtapStatus.NOT_ALLOWED, 'no getAssertion to continue');
  if (core.now() > pending.expiresAt) {
    core.volatile.pendingAssertions = undefined;
    throw new CtapError(CtapStatus.NOT_ALLOWED, 'getNextAssertion came more than 30 s after the previous assertion');
  }
  let id: Uint8Array | undefined;
  while ((id = pending.remainingCredentialIds.shift()) !== undefined) {
    const credential = findCredential(core.state, pending.rpIdHash, id);
    if (!credential) continue;
    if (pending.remainingCredentialIds.length === 0) core.volatile.pendingAssertions = undefined;
    else pending.expiresAt = core.now() + GET_NEXT_ASSERTION_TIMEOUT_MS;
    const response = await signAssertion(core, credential, {
      rpIdHash: pending.rpIdHash,
      clientDataHash: pending.clientDataHash,
      flags: pending.flags,
      userVerified: pending.userVerified,
      extensions: pending.extensions,
      hmacSecret: pending.hmacSecret,
      // Several accounts by construction: identifying details only if the original request verified the user.
      userDetails: pending.userVerified,
    });
    return encodeGetAssertionResponse(response);
  }
  core.volatile.pendingAssertions = undefined;
  throw new CtapError(CtapStatus.NOT_ALLOWED, 'no more credentials');
};
