import { CtapError, CtapStatus, type CborMap, type ClientPinResponse, type PinUvAuthProtocol } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { checkPinEntryAllowed } from './checkPinEntryAllowed.js';
import { sharedSecretWith } from './sharedSecretWith.js';
import { verifyPinHashEnc } from './verifyPinHashEnc.js';

/**
 * The common tail of getPinToken and getPinUvAuthTokenUsingPinWithPermissions (CTAP 2.1 §6.5.5.7.1-2) once
 * their own parameter checks passed: PIN entry allowed, decapsulate, the PIN check, forcePINChange
 * (PIN_POLICY_VIOLATION until the PIN is changed), then a fresh token (every earlier one stops working) with
 * these permissions and rpId, not user-present, returned encrypted under the shared secret.
 */
export async function issuePinUvAuthToken(
  core: AuthenticatorCore,
  protocol: PinUvAuthProtocol,
  platformKey: CborMap,
  pinHashEnc: Uint8Array,
  permissions: number,
  rpId: string | undefined,
): Promise<ClientPinResponse> {
  checkPinEntryAllowed(core);
  const sharedSecret = sharedSecretWith(core, protocol, platformKey);
  await verifyPinHashEnc(core, protocol, sharedSecret, pinHashEnc);
  if (core.state.forcePinChange) throw new CtapError(CtapStatus.PIN_POLICY_VIOLATION, 'forcePINChange: change the PIN first');
  const token = core.volatile.pinToken.issue(protocol.version, permissions, rpId);
  return { pinUvAuthToken: protocol.encrypt(sharedSecret, token) };
}
