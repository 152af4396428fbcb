import type { CborMap } from '../../cbor/CborValue.js';
import { asBoolean, asBytes, asMap, asUnsignedInteger, optionalMember } from '../../cbor/cborReaders.js';
import { ClientPinResponseKey, type ClientPinResponse } from './ClientPinResponse.js';
import { withDefinedMembers } from '../withDefinedMembers.js';

/**
 * Reads a clientPIN response as a platform receives it (no body at all reads as {}): members present must
 * have their types (CBOR_UNEXPECTED_TYPE); unknown keys are ignored.
 */
export function decodeClientPinResponse(map: CborMap | undefined): ClientPinResponse {
  if (!map) return {};
  const K = ClientPinResponseKey;
  return withDefinedMembers<ClientPinResponse>(
    {},
    {
      keyAgreement: optionalMember(map, K.keyAgreement, 'keyAgreement', asMap),
      pinUvAuthToken: optionalMember(map, K.pinUvAuthToken, 'pinUvAuthToken', asBytes),
      pinRetries: optionalMember(map, K.pinRetries, 'pinRetries', asUnsignedInteger),
      powerCycleState: optionalMember(map, K.powerCycleState, 'powerCycleState', asBoolean),
      uvRetries: optionalMember(map, K.uvRetries, 'uvRetries', asUnsignedInteger),
    },
  );
}
