import type { CborMap, CborValue } from '../../cbor/CborValue.js';
import { CredentialManagementParamKey } from './credentialManagementKeys.js';
import type { CredentialManagementSubCommandParams } from './CredentialManagementRequest.js';
import { encodeCredentialDescriptor, encodeUserEntity } from './credentialManagementEntities.js';

/** The subCommandParams map; the platform also feeds it to credentialManagementAuthMessage. */
export function encodeCredentialManagementSubCommandParams(params: CredentialManagementSubCommandParams): CborMap {
  const map = new Map<number, CborValue>();
  if (params.rpIdHash !== undefined) map.set(CredentialManagementParamKey.rpIdHash, params.rpIdHash);
  if (params.credentialId !== undefined) map.set(CredentialManagementParamKey.credentialId, encodeCredentialDescriptor(params.credentialId));
  if (params.user !== undefined) map.set(CredentialManagementParamKey.user, encodeUserEntity(params.user));
  return map;
}
