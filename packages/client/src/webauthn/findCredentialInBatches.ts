import { CtapError, CtapStatus, type PublicKeyCredentialDescriptor } from '@keybridge/ctap';
import type { Ctap2Session } from '../ctap2/Ctap2Session.js';

/**
 * Which of `credentials` the key holds for `rpId`, asked silently (getAssertion with up: false, which needs no
 * touch and signs nothing that matters) in batches of getInfo maxCredentialCountInList: what browsers do with
 * exclude/allow lists longer than a key takes at once. The first credential found, or undefined.
 * Without a pinUvAuthToken, credProtect level 3 credentials stay invisible here.
 */
export async function findCredentialInBatches(
  session: Ctap2Session,
  rpId: string,
  credentials: readonly PublicKeyCredentialDescriptor[],
  signal: AbortSignal | undefined,
): Promise<PublicKeyCredentialDescriptor | undefined> {
  const batchSize = Math.max(1, session.info.maxCredentialCountInList ?? credentials.length);
  for (let start = 0; start < credentials.length; start += batchSize) {
    const batch = credentials.slice(start, start + batchSize);
    try {
      const [found] = await session.getAssertion(
        { rpId, clientDataHash: new Uint8Array(32), allowList: batch, options: { up: false } },
        signal ? { signal } : {},
      );
      if (found) return { type: found.credential.type, id: found.credential.id };
    } catch (error) {
      if (!(error instanceof CtapError && error.status === CtapStatus.NO_CREDENTIALS)) throw error;
    }
  }
  return undefined;
}
