import type { Ctap2Session } from '@keybridge/client';
import { PinUvAuthTokenPermissions } from '@keybridge/ctap';
import { toHex } from '../../support/hex.js';
import { makeDiscoverableCredential } from '../../support/makeDiscoverableCredential.js';

export interface ManagedCredentials {
  countBefore: number;
  rpIdsBefore: string[];
  /** enumerateCredentials of each RP: user names and credential ids (hex). */
  credentialsByRp: Record<string, { user: string; credentialId: string }[]>;
  /** The credential deleted: the one of `otherRpId`. */
  deleted: string;
  rpIdsAfter: string[];
  countAfter: number;
}

/**
 * Credential management through the client: a second discoverable credential, for `otherRpId`, next to the one
 * already made for `rpId`; the RPs and their credentials enumerated; the second credential deleted; enumerated again.
 */
export async function manageCredentials(session: Ctap2Session, pin: string, rpId: string, otherRpId: string): Promise<ManagedCredentials> {
  const other = await makeDiscoverableCredential(session, pin, { id: otherRpId, name: 'uhid guest test' }, { name: 'other' });
  const management = session.credentialManagement(await session.clientPin.getPinUvAuthToken(pin, { permissions: PinUvAuthTokenPermissions.cm }));
  const rpIds = async () => (await management.enumerateRps()).map(({ rp }) => rp.id).sort();
  const countBefore = (await management.getCredsMetadata()).existingResidentCredentialsCount;
  const rpIdsBefore = await rpIds();
  const credentialsByRp: ManagedCredentials['credentialsByRp'] = {};
  for (const id of [rpId, otherRpId]) {
    credentialsByRp[id] = (await management.enumerateCredentials(id)).map(({ user, credentialId }) => ({ user: user.name ?? '', credentialId: toHex(credentialId.id) }));
  }
  await management.deleteCredential(other.credentialId);
  return {
    countBefore,
    rpIdsBefore,
    credentialsByRp,
    deleted: toHex(other.credentialId),
    rpIdsAfter: await rpIds(),
    countAfter: (await management.getCredsMetadata()).existingResidentCredentialsCount,
  };
}
