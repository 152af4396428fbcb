import type { CborValue } from '../../cbor/CborValue.js';
import { ClientPinSubcommand } from '../../pin/ClientPinSubcommand.js';
import { encapsulate } from '../../pin/encapsulate.js';
import type { KeyAgreementKeyPair } from '../../pin/KeyAgreementKeyPair.js';
import type { PinUvAuthProtocol } from '../../pin/pinUvAuthProtocol.js';
import type { ClientPinRequest } from './ClientPinRequest.js';

/**
 * Platform side of getPinUvAuthTokenUsingUvWithPermissions (0x06, CTAP 2.1 §6.5.5.7.3): the key's built-in user
 * verification (a fingerprint, say) stands in for the PIN. Returns the request and the shared secret that decrypts
 * the token in the response (decryptPinUvAuthToken).
 */
export function makeUvTokenRequest(
  protocol: PinUvAuthProtocol,
  authenticatorKey: CborValue,
  scope: { permissions: number; rpId?: string },
  ephemeral?: KeyAgreementKeyPair,
): { request: ClientPinRequest; sharedSecret: Uint8Array } {
  const { platformKeyAgreement, sharedSecret } = encapsulate(protocol, authenticatorKey, ephemeral);
  const request: ClientPinRequest = {
    pinUvAuthProtocol: protocol.version,
    subCommand: ClientPinSubcommand.getPinUvAuthTokenUsingUvWithPermissions,
    keyAgreement: platformKeyAgreement,
    permissions: scope.permissions,
  };
  if (scope.rpId !== undefined) request.rpId = scope.rpId;
  return { request, sharedSecret };
}
