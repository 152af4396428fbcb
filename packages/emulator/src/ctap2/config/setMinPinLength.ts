import { CtapError, CtapStatus, decodeSetMinPinLengthParams, type ConfigRequest } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { MAX_RPIDS_FOR_SET_MIN_PIN_LENGTH } from '../getInfo/getInfoConstants.js';

/**
 * setMinPINLength (0x03), CTAP 2.1 §6.11 and §7.4 (Set Minimum PIN Length). Every parameter is optional; all are checked before anything
 * changes: a newMinPINLength below the current minimum → PIN_POLICY_VIOLATION (the minimum only grows, until
 * reset); forceChangePin without a PIN → PIN_NOT_SET; more minPinLengthRPIDs than getInfo's
 * maxRPIDsForSetMinPINLength → KEY_STORE_FULL (as OpenSK; the list replaces the previous one). The PIN must
 * be changed next when asked, or when the current PIN is now shorter than the minimum.
 */
export async function setMinPinLength(core: AuthenticatorCore, request: ConfigRequest): Promise<void> {
  const params = decodeSetMinPinLengthParams(request.subCommandParams);
  const { state } = core;
  const newMinPinLength = params.newMinPinLength ?? state.minPinLength;
  if (newMinPinLength < state.minPinLength) {
    throw new CtapError(CtapStatus.PIN_POLICY_VIOLATION, `minPINLength may not shrink from ${state.minPinLength} to ${newMinPinLength}`);
  }
  if (params.forceChangePin && state.pinHash === undefined) throw new CtapError(CtapStatus.PIN_NOT_SET, 'forceChangePin without a PIN');
  if (params.minPinLengthRpIds && params.minPinLengthRpIds.length > MAX_RPIDS_FOR_SET_MIN_PIN_LENGTH) {
    throw new CtapError(CtapStatus.KEY_STORE_FULL, `at most ${MAX_RPIDS_FOR_SET_MIN_PIN_LENGTH} minPinLengthRPIDs`);
  }
  state.minPinLength = newMinPinLength;
  const pinTooShort = state.pinCodePoints !== undefined && state.pinCodePoints < newMinPinLength;
  if (params.forceChangePin || pinTooShort) state.forcePinChange = true;
  if (params.minPinLengthRpIds) state.minPinLengthRpIds = [...params.minPinLengthRpIds];
  await core.persist();
}
