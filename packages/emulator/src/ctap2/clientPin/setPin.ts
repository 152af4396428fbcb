import { CtapError, CtapStatus, pinUvAuthProtocol, type ClientPinRequest } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { MAX_PIN_RETRIES } from '../../state/AuthenticatorState.js';
import { decryptNewPin } from './decryptNewPin.js';
import { requireMembers } from './requireMembers.js';
import { sharedSecretWith } from './sharedSecretWith.js';

/** setPIN (CTAP 2.1 §6.5.5.5), its steps in their order. */
export async function setPin(core: AuthenticatorCore, request: ClientPinRequest): Promise<void> {
  requireMembers(request, ['pinUvAuthProtocol', 'keyAgreement', 'pinUvAuthParam', 'newPinEnc']);
  const protocol = pinUvAuthProtocol(request.pinUvAuthProtocol);
  // The spec's answer is PIN_AUTH_INVALID (CTAP 2.0 had NOT_ALLOWED); changePIN is the way to replace a PIN.
  if (core.state.pinHash !== undefined) throw new CtapError(CtapStatus.PIN_AUTH_INVALID, 'a PIN is already set; use changePIN');
  const sharedSecret = sharedSecretWith(core, protocol, request.keyAgreement);
  if (!protocol.verify(sharedSecret, request.newPinEnc, request.pinUvAuthParam)) {
    throw new CtapError(CtapStatus.PIN_AUTH_INVALID, 'pinUvAuthParam does not verify over newPinEnc');
  }
  const newPin = decryptNewPin(protocol, sharedSecret, request.newPinEnc, core.state.minPinLength);

  core.state.pinHash = newPin.pinHash;
  core.state.pinCodePoints = newPin.codePoints;
  core.state.pinRetries = MAX_PIN_RETRIES;
  core.state.forcePinChange = false;
  await core.persist();
  core.volatile.pinToken.stopUsing();
}
