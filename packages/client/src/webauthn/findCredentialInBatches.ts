import {
  Ctap2Command,
  CtapError,
  CtapStatus,
  encodeCtap2Request,
  encodeGetAssertionRequest,
  type PublicKeyCredentialDescriptor,
} from '@keybridge/ctap';
import type { Ctap2Session } from '../ctap2/Ctap2Session.js';
import { splitCredentialBatches } from './splitCredentialBatches.js';

/**
 * Which of `credentials` the key holds for `rpId`, asked silently (getAssertion with up: false, which needs no
 * touch and signs nothing that matters) in batches the key takes (getInfo maxCredentialCountInList, and
 * maxMsgSize for the encoded request): what browsers do with exclude/allow lists longer than a key takes at
 * once. The first credential found, or undefined. Without a pinUvAuthToken, credProtect level 3 credentials
 * stay invisible here.
 */
export async function findCredentialInBatches(
  session: Ctap2Session,
  rpId: string,
  credentials: readonly PublicKeyCredentialDescriptor[],
  signal: AbortSignal | undefined,
): Promise<PublicKeyCredentialDescriptor | undefined> {
  const { maxCredentialCountInList, maxMsgSize } = session.info;
  const probe = { rpId, clientDataHash: new Uint8Array(32), options: { up: false } };
  // The request without its list, plus the list's array header (at most 3 bytes).
  const fixedSize = encodeCtap2Request(Ctap2Command.getAssertion, encodeGetAssertionRequest(probe)).length + 4;
  const byteBudget = maxMsgSize === undefined ? Number.POSITIVE_INFINITY : maxMsgSize - fixedSize;
  for (const batch of splitCredentialBatches(credentials, maxCredentialCountInList ?? credentials.length, byteBudget)) {
    try {
      const [found] = await session.getAssertion({ ...probe, allowList: batch }, signal ? { signal } : {});
      if (found) return { type: found.credential.type, id: found.credential.id };
    } catch (error) {
      if (!(error instanceof CtapError && error.status === CtapStatus.NO_CREDENTIALS)) throw error;
    }
  }
  return undefined;
}
