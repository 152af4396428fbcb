import type { CborValue } from '../../cbor/CborValue.js';
import { ClientPinSubcommand } from '../../pin/ClientPinSubcommand.js';
import { encapsulate } from '../../pin/encapsulate.js';
import type { KeyAgreementKeyPair } from '../../pin/KeyAgreementKeyPair.js';
import { pinHashLeft16 } from '../../pin/pinHashLeft16.js';
import type { PinUvAuthProtocol } from '../../pin/pinUvAuthProtocol.js';
import type { ClientPinRequest } from './ClientPinRequest.js';

/**
 * Platform side of getting a pinUvAuthToken with a PIN (CTAP 2.1 §6.5.5.7): with `permissions` it is
 * getPinUvAuthTokenUsingPinWithPermissions (0x09, `rpId` as given), without it legacy getPinToken (0x05).
 * Returns the request and the shared secret that decrypts the token in the response (decryptPinUvAuthToken).
 */
export function makePinTokenRequest(
  protocol: PinUvAuthProtocol,
  authenticatorKey: CborValue,
  pin: string,
  scope: { permissions?: number; rpId?: string } = {},
  ephemeral?: KeyAgreementKeyPair,
): { request: ClientPinRequest; sharedSecret: Uint8Array } {
  const { platformKeyAgreement, sharedSecret } = encapsulate(protocol, authenticatorKey, ephemeral);
  const request: ClientPinRequest = {
    pinUvAuthProtocol: protocol.version,
    subCommand:
      scope.permissions === undefined ? ClientPinSubcommand.getPinToken : ClientPinSubcommand.getPinUvAuthTokenUsingPinWithPermissions,
    keyAgreement: platformKeyAgreement,
    pinHashEnc: protocol.encrypt(sharedSecret, pinHashLeft16(pin)),
  };
  if (scope.permissions !== undefined) request.permissions = scope.permissions;
  if (scope.rpId !== undefined) request.rpId = scope.rpId;
  return { request, sharedSecret };
}
