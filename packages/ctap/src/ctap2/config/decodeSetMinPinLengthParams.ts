import type { CborMap } from '../../cbor/CborValue.js';
import { asArray, asBoolean, asText, asUnsignedInteger, optionalMember } from '../../cbor/cborReaders.js';
import { SetMinPinLengthParamKey } from './configKeys.js';
import type { SetMinPinLengthParams } from './ConfigRequest.js';

/** setMinPINLength's typed parameters; absent params read as {} (every member is optional). */
export function decodeSetMinPinLengthParams(map: CborMap | undefined): SetMinPinLengthParams {
  const params: SetMinPinLengthParams = {};
  if (!map) return params;
  const newMinPinLength = optionalMember(map, SetMinPinLengthParamKey.newMinPINLength, 'newMinPINLength', asUnsignedInteger);
  const rpIds = optionalMember(map, SetMinPinLengthParamKey.minPinLengthRPIDs, 'minPinLengthRPIDs', asArray);
  const forceChangePin = optionalMember(map, SetMinPinLengthParamKey.forceChangePin, 'forceChangePin', asBoolean);
  if (newMinPinLength !== undefined) params.newMinPinLength = newMinPinLength;
  if (rpIds !== undefined) params.minPinLengthRpIds = rpIds.map((rpId, index) => asText(rpId, `minPinLengthRPIDs[${index}]`));
  if (forceChangePin !== undefined) params.forceChangePin = forceChangePin;
  return params;
}
