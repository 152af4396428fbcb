import { CtapError, CtapStatus, equalBytes, type CredentialManagementResponse, type DecodedCredentialManagementRequest } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { authorizeCredentialManagement } from './authorizeCredentialManagement.js';
import { CREDENTIAL_ENUMERATION_TIMEOUT_MS } from './CredentialEnumeration.js';
import { describeCredential } from './describeCredential.js';
import { discoverableCredentials } from './discoverableCredentials.js';

/**
 * enumerateCredentialsBegin (0x04), CTAP 2.1 §6.8: the first discoverable credential of the RP whose
 * rpIDHash is given and how many it has; the rest wait for enumerateCredentialsGetNextCredential.
 * Order of checks: subCommandParams / rpIDHash missing → MISSING_PARAMETER; the pinUvAuthParam steps; a
 * token bound to another RP → PIN_AUTH_INVALID; no credentials → NO_CREDENTIALS.
 */
export function enumerateCredentialsBegin(core: AuthenticatorCore, request: DecodedCredentialManagementRequest): CredentialManagementResponse {
  const rpIdHash = request.subCommandParams?.rpIdHash;
  if (rpIdHash === undefined) throw new CtapError(CtapStatus.MISSING_PARAMETER, 'subCommandParams.rpIDHash is missing');
  const credentials = discoverableCredentials(core.state).filter((credential) => equalBytes(credential.rpIdHash, rpIdHash));
  // The RP ID behind the hash is only known when it has credentials; a bound token asking about an RP with
  // none learns only that it has none.
  authorizeCredentialManagement(core, request, { rpId: credentials[0]?.rpId });
  const [first, ...rest] = credentials;
  if (first === undefined) throw new CtapError(CtapStatus.NO_CREDENTIALS, 'no discoverable credentials for this RP');
  if (rest.length > 0) {
    core.volatile.credentialEnumeration = { kind: 'credentials', credentials: rest, expiresAt: core.now() + CREDENTIAL_ENUMERATION_TIMEOUT_MS };
  }
  return { ...describeCredential(first), totalCredentials: credentials.length };
}
