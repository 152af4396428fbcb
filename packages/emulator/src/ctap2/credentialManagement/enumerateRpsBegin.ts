import { CtapError, CtapStatus, type CredentialManagementResponse, type DecodedCredentialManagementRequest } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { authorizeCredentialManagement } from './authorizeCredentialManagement.js';
import { CREDENTIAL_ENUMERATION_TIMEOUT_MS } from './CredentialEnumeration.js';
import { describeRp } from './describeRp.js';
import { discoverableCredentials } from './discoverableCredentials.js';

/**
 * enumerateRPsBegin (0x02), CTAP 2.1 §6.8: the first RP with discoverable credentials and how many there
 * are; the rest wait for enumerateRPsGetNextRP. RPs come in RP ID order.
 */
export function enumerateRpsBegin(core: AuthenticatorCore, request: DecodedCredentialManagementRequest): CredentialManagementResponse {
  authorizeCredentialManagement(core, request, 'any-rp');
  const credentials = discoverableCredentials(core.state);
  const rpIds = [...new Set(credentials.map((credential) => credential.rpId))].sort();
  const [first, ...rest] = rpIds;
  if (first === undefined) throw new CtapError(CtapStatus.NO_CREDENTIALS, 'no discoverable credentials');
  if (rest.length > 0) {
    core.volatile.credentialEnumeration = { kind: 'rps', rpIds: rest, expiresAt: core.now() + CREDENTIAL_ENUMERATION_TIMEOUT_MS };
  }
  return { ...describeRp(first, credentials), totalRps: rpIds.length };
}
