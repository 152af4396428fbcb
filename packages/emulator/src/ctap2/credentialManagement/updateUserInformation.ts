import { CtapError, CtapStatus, equalBytes, type DecodedCredentialManagementRequest } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { findCredentialToChange } from './findCredentialToChange.js';

/**
 * updateUserInformation (0x07), CTAP 2.1 §6.8: replaces a credential's user name and displayName. The
 * user handle cannot change (another user.id → INVALID_PARAMETER); a name or displayName that is absent or
 * empty is removed.
 */
export async function updateUserInformation(core: AuthenticatorCore, request: DecodedCredentialManagementRequest): Promise<void> {
  const user = request.subCommandParams?.user;
  if (user === undefined) throw new CtapError(CtapStatus.MISSING_PARAMETER, 'subCommandParams.user is missing');
  const credential = findCredentialToChange(core, request);
  const stored = credential.user ?? { id: new Uint8Array(0) };
  if (!equalBytes(stored.id, user.id)) throw new CtapError(CtapStatus.INVALID_PARAMETER, 'user.id does not match the credential');
  credential.user = {
    id: stored.id,
    ...(user.name ? { name: user.name } : {}),
    ...(user.displayName ? { displayName: user.displayName } : {}),
  };
  await core.persist();
}
