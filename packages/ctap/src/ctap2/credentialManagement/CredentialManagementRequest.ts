import type { CborMap } from '../../cbor/CborValue.js';

/** PublicKeyCredentialUserEntity as credentialManagement carries it (request: updateUserInformation; response: user). */
export interface CredentialManagementUserEntity {
  id: Uint8Array;
  name?: string;
  displayName?: string;
}

/** PublicKeyCredentialDescriptor: the credentialID of deleteCredential / updateUserInformation and of the response. */
export interface CredentialManagementCredentialDescriptor {
  type: string;
  id: Uint8Array;
}

export interface CredentialManagementSubCommandParams {
  rpIdHash?: Uint8Array;
  credentialId?: CredentialManagementCredentialDescriptor;
  user?: CredentialManagementUserEntity;
}

export interface CredentialManagementRequest {
  subCommand: number;
  subCommandParams?: CredentialManagementSubCommandParams;
  pinUvAuthProtocol?: number;
  pinUvAuthParam?: Uint8Array;
}

/** What the authenticator decodes: the typed request plus the parameters map exactly as received. */
export interface DecodedCredentialManagementRequest extends CredentialManagementRequest {
  /**
   * subCommandParams as they arrived, unknown members included: pinUvAuthParam covers their (canonical)
   * encoding, so verification must use this map rather than re-encode the typed view.
   */
  subCommandParamsCbor?: CborMap;
}
