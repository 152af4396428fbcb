import { CtapError, CtapStatus, equalBytes, type DecodedCredentialManagementRequest } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { authorizeCredentialManagement } from './authorizeCredentialManagement.js';
import { discoverableCredentials, type DiscoverableCredential } from './discoverableCredentials.js';

/**
 * The shared steps of deleteCredential and updateUserInformation (CTAP 2.1 §6.8), in order:
 * subCommandParams / credentialID missing → MISSING_PARAMETER; the pinUvAuthParam steps; no such
 * discoverable credential → NO_CREDENTIALS; a token bound to another RP → PIN_AUTH_INVALID.
 */
export function findCredentialToChange(core: AuthenticatorCore, request: DecodedCredentialManagementRequest): DiscoverableCredential {
  const credentialId = request.subCommandParams?.credentialId;
  if (credentialId === undefined) throw new CtapError(CtapStatus.MISSING_PARAMETER, 'subCommandParams.credentialID is missing');
  const credential = discoverableCredentials(core.state).find((candidate) => equalBytes(candidate.id, credentialId.id));
  // Looking the credential up first changes nothing observable: without it there is no RP to match, and
  // NO_CREDENTIALS still comes only after the token checks.
  authorizeCredentialManagement(core, request, { rpId: credential?.rpId });
  if (!credential) throw new CtapError(CtapStatus.NO_CREDENTIALS, 'no discoverable credential with this ID');
  return credential;
}
