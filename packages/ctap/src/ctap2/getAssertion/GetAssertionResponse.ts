import type { PublicKeyCredentialDescriptor, PublicKeyCredentialUserEntity } from '../makeCredential/PublicKeyCredentialEntities.js';

/** authenticatorGetAssertion / authenticatorGetNextAssertion response keys (ctap-reference.md "getAssertion (02)"). */
export const GetAssertionResponseMember = {
  credential: 0x01,
  authData: 0x02,
  signature: 0x03,
  user: 0x04,
  numberOfCredentials: 0x05,
  userSelected: 0x06,
  largeBlobKey: 0x07,
} as const;

/** The response of getAssertion and of getNextAssertion (same shape). */
export interface GetAssertionResponse {
  /** May be omitted by an authenticator when the allowList held exactly one credential. */
  credential?: PublicKeyCredentialDescriptor;
  authData: Uint8Array;
  /** ES256: ASN.1 DER; EdDSA: 64 raw bytes. Signed over authData || clientDataHash. */
  signature: Uint8Array;
  user?: PublicKeyCredentialUserEntity;
  /** Only in the first response, when more than one discoverable credential matched. */
  numberOfCredentials?: number;
  userSelected?: boolean;
  largeBlobKey?: Uint8Array;
}
