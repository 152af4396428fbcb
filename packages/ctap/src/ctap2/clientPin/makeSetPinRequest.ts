import type { CborValue } from '../../cbor/CborValue.js';
import { ClientPinSubcommand } from '../../pin/ClientPinSubcommand.js';
import { encapsulate } from '../../pin/encapsulate.js';
import type { KeyAgreementKeyPair } from '../../pin/KeyAgreementKeyPair.js';
import { padPin } from '../../pin/padPin.js';
import type { PinUvAuthProtocol } from '../../pin/pinUvAuthProtocol.js';
import type { ClientPinRequest } from './ClientPinRequest.js';

/**
 * Platform side of setPIN (CTAP 2.1 §6.5.5.5): newPinEnc = encrypt(shared, PIN zero-padded to 64 bytes),
 * pinUvAuthParam = authenticate(shared, newPinEnc). `authenticatorKey` is getKeyAgreement's keyAgreement;
 * `ephemeral` replays a recorded platform key, normally a fresh one is made.
 */
export function makeSetPinRequest(
  protocol: PinUvAuthProtocol,
  authenticatorKey: CborValue,
  newPin: string,
  ephemeral?: KeyAgreementKeyPair,
): ClientPinRequest {
  const { platformKeyAgreement, sharedSecret } = encapsulate(protocol, authenticatorKey, ephemeral);
  const newPinEnc = protocol.encrypt(sharedSecret, padPin(newPin));
  return {
    pinUvAuthProtocol: protocol.version,
    subCommand: ClientPinSubcommand.setPIN,
    keyAgreement: platformKeyAgreement,
    pinUvAuthParam: protocol.authenticate(sharedSecret, newPinEnc),
    newPinEnc,
  };
}
