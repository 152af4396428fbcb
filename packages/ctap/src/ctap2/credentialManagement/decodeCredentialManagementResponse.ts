import type { CborMap } from '../../cbor/CborValue.js';
import { asBytes, asMap, asUnsignedInteger, optionalMember } from '../../cbor/cborReaders.js';
import { CredentialManagementResponseKey as Key } from './credentialManagementKeys.js';
import type { CredentialManagementResponse } from './CredentialManagementResponse.js';
import { decodeCredentialDescriptor, decodeRpEntity, decodeUserEntity } from './credentialManagementEntities.js';

/** Reads a device's answer (the map decodeCtap2Response returned; undefined for an empty response). */
export function decodeCredentialManagementResponse(map: CborMap | undefined): CredentialManagementResponse {
  const response: CredentialManagementResponse = {};
  if (!map) return response;
  const members = {
    existingResidentCredentialsCount: optionalMember(map, Key.existingResidentCredentialsCount, 'existingResidentCredentialsCount', asUnsignedInteger),
    maxPossibleRemainingResidentCredentialsCount: optionalMember(
      map,
      Key.maxPossibleRemainingResidentCredentialsCount,
      'maxPossibleRemainingResidentCredentialsCount',
      asUnsignedInteger,
    ),
    rp: optionalMember(map, Key.rp, 'rp', decodeRpEntity),
    rpIdHash: optionalMember(map, Key.rpIdHash, 'rpIDHash', asBytes),
    totalRps: optionalMember(map, Key.totalRps, 'totalRPs', asUnsignedInteger),
    user: optionalMember(map, Key.user, 'user', decodeUserEntity),
    credentialId: optionalMember(map, Key.credentialId, 'credentialID', decodeCredentialDescriptor),
    publicKey: optionalMember(map, Key.publicKey, 'publicKey', asMap),
    totalCredentials: optionalMember(map, Key.totalCredentials, 'totalCredentials', asUnsignedInteger),
    credProtect: optionalMember(map, Key.credProtect, 'credProtect', asUnsignedInteger),
    largeBlobKey: optionalMember(map, Key.largeBlobKey, 'largeBlobKey', asBytes),
  };
  // Only the members that were present, so that a decoded response compares equal to the one encoded.
  for (const [name, value] of Object.entries(members)) {
    if (value !== undefined) Object.assign(response, { [name]: value });
  }
  return response;
}
