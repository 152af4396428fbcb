import type { CborMap } from '../../cbor/CborValue.js';
import type { CredentialManagementCredentialDescriptor, CredentialManagementUserEntity } from './CredentialManagementRequest.js';

/** PublicKeyCredentialRpEntity as enumerateRPs returns it. */
export interface CredentialManagementRpEntity {
  id: string;
  name?: string;
}

/** Every member is optional: each sub-command answers with its own subset (deleteCredential with none). */
export interface CredentialManagementResponse {
  existingResidentCredentialsCount?: number;
  maxPossibleRemainingResidentCredentialsCount?: number;
  rp?: CredentialManagementRpEntity;
  rpIdHash?: Uint8Array;
  totalRps?: number;
  user?: CredentialManagementUserEntity;
  credentialId?: CredentialManagementCredentialDescriptor;
  /** COSE_Key of the credential. */
  publicKey?: CborMap;
  totalCredentials?: number;
  credProtect?: number;
  largeBlobKey?: Uint8Array;
}
