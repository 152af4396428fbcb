import type { DecodedCredentialManagementRequest } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { findCredentialToChange } from './findCredentialToChange.js';

/** deleteCredential (0x06), CTAP 2.1 §6.8: forgets one discoverable credential, persistently. */
export async function deleteCredential(core: AuthenticatorCore, request: DecodedCredentialManagementRequest): Promise<void> {
  const credential = findCredentialToChange(core, request);
  const index = core.state.credentials.indexOf(credential);
  core.state.credentials.splice(index, 1);
  await core.persist();
}
