/** WebAuthn's entities as CTAP2 carries them (CBOR maps with text keys). */

/** makeCredential rp (0x02). Other members (a CTAP 2.0 `icon`) are ignored. */
export interface PublicKeyCredentialRpEntity {
  id: string;
  name?: string;
}

/** makeCredential user (0x03) and getAssertion response user (0x04). Other members are ignored. */
export interface PublicKeyCredentialUserEntity {
  id: Uint8Array;
  name?: string;
  displayName?: string;
}

/** One pubKeyCredParams (0x04) element. */
export interface PublicKeyCredentialParameters {
  type: string;
  alg: number;
}

/** An excludeList / allowList element, and getAssertion's response credential (0x01). */
export interface PublicKeyCredentialDescriptor {
  type: string;
  id: Uint8Array;
  transports?: string[];
}

/** The only credential type there is; descriptors and parameters of any other type are skipped. */
export const PUBLIC_KEY_CREDENTIAL_TYPE = 'public-key';
