import type { PublicKeyCredentialDescriptor } from '@keybridge/ctap';
import type { Ctap1Session } from '../ctap1/Ctap1Session.js';

/** The longest key handle a U2F AUTHENTICATE can carry (one length byte). */
const MAX_KEY_HANDLE_LENGTH = 255;

/**
 * The first of `credentials` the U2F key made for `application` (check-only AUTHENTICATE, no touch), or
 * undefined. Ids a U2F key handle cannot be are skipped.
 */
export async function findU2fKeyHandle(
  session: Ctap1Session,
  application: Uint8Array,
  credentials: readonly PublicKeyCredentialDescriptor[],
  signal: AbortSignal | undefined,
): Promise<Uint8Array | undefined> {
  for (const credential of credentials) {
    if (credential.id.length > MAX_KEY_HANDLE_LENGTH) continue;
    if (await session.isKeyHandleKnown(application, credential.id, signal ? { signal } : {})) return credential.id;
  }
  return undefined;
}
