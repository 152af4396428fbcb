import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { CredentialManagementResponseKey as Key } from './credentialManagementKeys.js';
import type { CredentialManagementResponse } from './CredentialManagementResponse.js';
import { encodeCredentialDescriptor, encodeRpEntity, encodeUserEntity } from './credentialManagementEntities.js';

/** The response map; empty when the sub-command answers nothing (deleteCredential, updateUserInformation). */
export function encodeCredentialManagementResponse(response: CredentialManagementResponse): CborMap {
  const map = new Map<number, CborValue>();
  if (response.existingResidentCredentialsCount !== undefined) map.set(Key.existingResidentCredentialsCount, response.existingResidentCredentialsCount);
  if (response.maxPossibleRemainingResidentCredentialsCount !== undefined) {
    map.set(Key.maxPossibleRemainingResidentCredentialsCount, response.maxPossibleRemainingResidentCredentialsCount);
  }
  if (response.rp !== undefined) map.set(Key.rp, encodeRpEntity(response.rp));
  if (response.rpIdHash !== undefined) map.set(Key.rpIdHash, response.rpIdHash);
  if (response.totalRps !== undefined) map.set(Key.totalRps, response.totalRps);
  if (response.user !== undefined) map.set(Key.user, encodeUserEntity(response.user));
  if (response.credentialId !== undefined) map.set(Key.credentialId, encodeCredentialDescriptor(response.credentialId));
  if (response.publicKey !== undefined) map.set(Key.publicKey, response.publicKey);
  if (response.totalCredentials !== undefined) map.set(Key.totalCredentials, response.totalCredentials);
  if (response.credProtect !== undefined) map.set(Key.credProtect, response.credProtect);
  if (response.largeBlobKey !== undefined) map.set(Key.largeBlobKey, response.largeBlobKey);
  return map;
}
