import type { CborMap, CoseKey, MakeCredentialRequest, MakeCredentialResponse, ParsedAuthenticatorData } from '@keybridge/ctap';
import type { PinUvAuthToken } from './PinUvAuthToken.js';

/** makeCredential extension inputs (CTAP 2.1 §12), typed. */
export interface MakeCredentialExtensionInputs {
  /** credProtect level: 1 userVerificationOptional, 2 …WithCredentialIdList, 3 userVerificationRequired. */
  credProtect?: number;
  /** hmac-secret: ask the device to make the credential's HMAC secrets. */
  hmacSecret?: boolean;
  /** credBlob: bytes to store with the credential (at most getInfo maxCredBlobLength). */
  credBlob?: Uint8Array;
  /** minPinLength: ask for the minimum PIN length (answered only to RPs the device was configured for). */
  minPinLength?: boolean;
  /** Any other extension inputs, sent as they are (identifier → CBOR value). */
  other?: CborMap;
}

/** makeCredential extension outputs from the authenticatorData, typed. */
export interface MakeCredentialExtensionOutputs {
  credProtect?: number;
  hmacSecret?: boolean;
  /** Whether the blob was stored. */
  credBlob?: boolean;
  minPinLength?: number;
  /** Every output as the device sent it, the ones above included. */
  raw?: CborMap;
}

/**
 * A makeCredential request as a session takes it: the CTAP request with typed extensions and, instead of a
 * pinUvAuthParam, the token to make it with. A raw pinUvAuthParam / pinUvAuthProtocol may still be given (the
 * zero-length "touch to select" probe); with `pinUvAuthToken` they must be left out.
 */
export interface MakeCredentialInput extends Omit<MakeCredentialRequest, 'extensions'> {
  pinUvAuthToken?: PinUvAuthToken;
  extensions?: MakeCredentialExtensionInputs;
}

/** The device's answer, with the authenticatorData parsed and the new credential picked out. */
export interface MakeCredentialResult extends MakeCredentialResponse {
  authenticatorData: ParsedAuthenticatorData;
  credentialId: Uint8Array;
  credentialPublicKey: CoseKey;
  extensions: MakeCredentialExtensionOutputs;
}
