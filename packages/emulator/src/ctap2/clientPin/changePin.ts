import { timingSafeEqual } from 'node:crypto';
import { CtapError, CtapStatus, pinUvAuthProtocol, type ClientPinRequest } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { checkPinEntryAllowed } from './checkPinEntryAllowed.js';
import { decryptNewPin } from './decryptNewPin.js';
import { requireMembers } from './requireMembers.js';
import { sharedSecretWith } from './sharedSecretWith.js';
import { verifyPinHashEnc } from './verifyPinHashEnc.js';

/** changePIN (CTAP 2.1 §6.5.5.6), its steps in their order. */
export async function changePin(core: AuthenticatorCore, request: ClientPinRequest): Promise<void> {
  requireMembers(request, ['pinUvAuthProtocol', 'keyAgreement', 'pinUvAuthParam', 'newPinEnc', 'pinHashEnc']);
  const protocol = pinUvAuthProtocol(request.pinUvAuthProtocol);
  checkPinEntryAllowed(core);
  const sharedSecret = sharedSecretWith(core, protocol, request.keyAgreement);
  const signed = new Uint8Array(request.newPinEnc.length + request.pinHashEnc.length);
  signed.set(request.newPinEnc);
  signed.set(request.pinHashEnc, request.newPinEnc.length);
  if (!protocol.verify(sharedSecret, signed, request.pinUvAuthParam)) {
    throw new CtapError(CtapStatus.PIN_AUTH_INVALID, 'pinUvAuthParam does not verify over newPinEnc || pinHashEnc');
  }
  await verifyPinHashEnc(core, protocol, sharedSecret, request.pinHashEnc);
  const newPin = decryptNewPin(protocol, sharedSecret, request.newPinEnc, core.state.minPinLength);
  // A forced change must change something.
  const current = core.state.pinHash;
  if (core.state.forcePinChange && current !== undefined && timingSafeEqual(current, newPin.pinHash)) {
    throw new CtapError(CtapStatus.PIN_POLICY_VIOLATION, 'forcePINChange: the new PIN must differ from the current one');
  }

  core.state.pinHash = newPin.pinHash;
  core.state.pinCodePoints = newPin.codePoints;
  core.state.forcePinChange = false;
  await core.persist();
  core.volatile.pinToken.stopUsing();
}
