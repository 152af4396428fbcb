import type { CborValue } from '../../cbor/CborValue.js';
import { ClientPinSubcommand } from '../../pin/ClientPinSubcommand.js';
import { encapsulate } from '../../pin/encapsulate.js';
import type { KeyAgreementKeyPair } from '../../pin/KeyAgreementKeyPair.js';
import { padPin } from '../../pin/padPin.js';
import { pinHashLeft16 } from '../../pin/pinHashLeft16.js';
import type { PinUvAuthProtocol } from '../../pin/pinUvAuthProtocol.js';
import type { ClientPinRequest } from './ClientPinRequest.js';

/**
 * Platform side of changePIN (CTAP 2.1 §6.5.5.6): pinHashEnc = encrypt(shared, LEFT(SHA-256(currentPin), 16)),
 * newPinEnc as for setPIN, pinUvAuthParam = authenticate(shared, newPinEnc || pinHashEnc).
 */
export function makeChangePinRequest(
  protocol: PinUvAuthProtocol,
  authenticatorKey: CborValue,
  currentPin: string,
  newPin: string,
  ephemeral?: KeyAgreementKeyPair,
): ClientPinRequest {
  const { platformKeyAgreement, sharedSecret } = encapsulate(protocol, authenticatorKey, ephemeral);
  const newPinEnc = protocol.encrypt(sharedSecret, padPin(newPin));
  const pinHashEnc = protocol.encrypt(sharedSecret, pinHashLeft16(currentPin));
  const signed = new Uint8Array(newPinEnc.length + pinHashEnc.length);
  signed.set(newPinEnc);
  signed.set(pinHashEnc, newPinEnc.length);
  return {
    pinUvAuthProtocol: protocol.version,
    subCommand: ClientPinSubcommand.changePIN,
    keyAgreement: platformKeyAgreement,
    pinUvAuthParam: protocol.authenticate(sharedSecret, signed),
    newPinEnc,
    pinHashEnc,
  };
}
