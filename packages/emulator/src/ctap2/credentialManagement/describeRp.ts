import { rpIdHash, type CredentialManagementResponse } from '@keybridge/ctap';
import type { DiscoverableCredential } from './discoverableCredentials.js';

/** One RP as enumerateRPs answers it: rp {id, name} (name as the newest credential stored it) and rpIDHash. */
export function describeRp(rpId: string, credentials: DiscoverableCredential[]): CredentialManagementResponse {
  const rpName = credentials.find((credential) => credential.rpId === rpId && credential.rpName !== undefined)?.rpName;
  return { rp: rpName === undefined ? { id: rpId } : { id: rpId, name: rpName }, rpIdHash: rpIdHash(rpId) };
}
