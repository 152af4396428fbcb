import type { CborMap, GetAssertionRequest, GetAssertionResponse, ParsedAuthenticatorData, PublicKeyCredentialDescriptor } from '@keybridge/ctap';
import type { PinUvAuthToken } from './PinUvAuthToken.js';

/** hmac-secret's input as the platform knows it: one or two 32-byte salts (encrypted on the way by the session). */
export interface HmacSecretSalts {
  salt1: Uint8Array;
  salt2?: Uint8Array;
}

/** hmac-secret's output, decrypted: HMAC-SHA-256(CredRandom, salt1) [and salt2]. */
export interface HmacSecretOutput {
  output1: Uint8Array;
  output2?: Uint8Array;
}

/** getAssertion extension inputs (CTAP 2.1 §12), typed. */
export interface GetAssertionExtensionInputs {
  hmacSecret?: HmacSecretSalts;
  /** credBlob: ask for the blob stored with the credential. */
  credBlob?: boolean;
  /** Any other extension inputs, sent as they are (identifier → CBOR value). */
  other?: CborMap;
}

/** getAssertion extension outputs from the authenticatorData, typed. */
export interface GetAssertionExtensionOutputs {
  hmacSecret?: HmacSecretOutput;
  credBlob?: Uint8Array;
  /** Every output as the device sent it (hmac-secret still encrypted). */
  raw?: CborMap;
}

/**
 * A getAssertion request as a session takes it: the CTAP request with typed extensions and, instead of a
 * pinUvAuthParam, the token to make it with (a raw pinUvAuthParam / pinUvAuthProtocol may still be given).
 */
export interface GetAssertionInput extends Omit<GetAssertionRequest, 'extensions'> {
  pinUvAuthToken?: PinUvAuthToken;
  extensions?: GetAssertionExtensionInputs;
}

/**
 * One assertion, with the authenticatorData parsed and the extension outputs decoded. `credential` is always
 * there: a device may leave it out when the allowList held one credential, and then it is that one.
 */
export interface GetAssertionResult extends GetAssertionResponse {
  credential: PublicKeyCredentialDescriptor;
  authenticatorData: ParsedAuthenticatorData;
  extensions: GetAssertionExtensionOutputs;
}
