import type { CredentialManagementResponse, DecodedCredentialManagementRequest } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { authorizeCredentialManagement } from './authorizeCredentialManagement.js';
import { discoverableCredentials } from './discoverableCredentials.js';

/** getCredsMetadata (0x01), CTAP 2.1 §6.8: how many discoverable credentials exist and how many more fit. */
export function getCredsMetadata(core: AuthenticatorCore, request: DecodedCredentialManagementRequest): CredentialManagementResponse {
  authorizeCredentialManagement(core, request, 'any-rp');
  const existing = discoverableCredentials(core.state).length;
  return {
    existingResidentCredentialsCount: existing,
    maxPossibleRemainingResidentCredentialsCount: Math.max(0, core.config.maxDiscoverableCredentials - existing),
  };
}
