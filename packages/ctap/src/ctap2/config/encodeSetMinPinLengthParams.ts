import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { SetMinPinLengthParamKey } from './configKeys.js';
import type { SetMinPinLengthParams } from './ConfigRequest.js';

/** setMinPINLength's subCommandParams map (absent members left out, as platforms send them). */
export function encodeSetMinPinLengthParams(params: SetMinPinLengthParams): CborMap {
  const map = new Map<number, CborValue>();
  if (params.newMinPinLength !== undefined) map.set(SetMinPinLengthParamKey.newMinPINLength, params.newMinPinLength);
  if (params.minPinLengthRpIds !== undefined) map.set(SetMinPinLengthParamKey.minPinLengthRPIDs, [...params.minPinLengthRpIds]);
  if (params.forceChangePin !== undefined) map.set(SetMinPinLengthParamKey.forceChangePin, params.forceChangePin);
  return map;
}
