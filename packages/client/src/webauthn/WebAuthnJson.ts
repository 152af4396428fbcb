/**
 * The JSON shapes of WebAuthn ceremonies as @simplewebauthn/server 14 generates and verifies them (WebAuthn L3
 * "…JSON" dictionaries), declared here so that the client needs no runtime dependency on it. They are kept
 * structurally identical: options from generateRegistrationOptions / generateAuthenticationOptions are accepted
 * as they are, and the responses are accepted by verifyRegistrationResponse / verifyAuthenticationResponse.
 */

/** Bytes as unpadded base64url text. */
export type Base64UrlString = string;

export type PublicKeyCredentialType = 'public-key';
export type UserVerificationRequirement = 'discouraged' | 'preferred' | 'required';
export type ResidentKeyRequirement = 'discouraged' | 'preferred' | 'required';
export type AuthenticatorAttachment = 'cross-platform' | 'platform';
export type AttestationConveyancePreference = 'direct' | 'enterprise' | 'indirect' | 'none';
export type PublicKeyCredentialHint = 'hybrid' | 'security-key' | 'client-device';
export type AttestationFormat = 'fido-u2f' | 'packed' | 'android-safetynet' | 'android-key' | 'tpm' | 'apple' | 'none';

export interface PublicKeyCredentialRpEntityJSON {
  /** Defaults to the origin's host. */
  id?: string;
  name: string;
}

export interface PublicKeyCredentialUserEntityJSON {
  /** The user handle, base64url (1 to 64 bytes). */
  id: Base64UrlString;
  name: string;
  displayName: string;
}

export interface PublicKeyCredentialParametersJSON {
  /** A COSE algorithm identifier: -7 ES256, -8 EdDSA, -257 RS256… */
  alg: number;
  type: PublicKeyCredentialType;
}

export interface PublicKeyCredentialDescriptorJSON {
  id: Base64UrlString;
  transports?: string[];
  type: string;
}

export interface AuthenticatorSelectionCriteria {
  authenticatorAttachment?: AuthenticatorAttachment;
  requireResidentKey?: boolean;
  residentKey?: ResidentKeyRequirement;
  userVerification?: UserVerificationRequirement;
}

/** A PRF input: base64url text (the JSON form) or bytes (what @simplewebauthn's types declare). */
export type PrfInputValue = Base64UrlString | ArrayBuffer | ArrayBufferView;

export interface AuthenticationExtensionsPRFValues {
  first: PrfInputValue;
  second?: PrfInputValue;
}

export interface AuthenticationExtensionsPRFInputs {
  eval?: AuthenticationExtensionsPRFValues;
  /** Per credential (keyed by base64url credential id); only with a non-empty allowCredentials. */
  evalByCredential?: Record<string, AuthenticationExtensionsPRFValues>;
}

export interface AuthenticationExtensionsClientInputs {
  /** FIDO AppID of credentials registered through the U2F JavaScript API (get only). */
  appid?: string;
  credProps?: boolean;
  hmacCreateSecret?: boolean;
  minPinLength?: boolean;
  prf?: AuthenticationExtensionsPRFInputs;
}

/** PRF results: 32 bytes each, as a browser's getClientExtensionResults() hands them (never sent to the RP). */
export interface AuthenticationExtensionsPRFResults {
  first: Uint8Array;
  second?: Uint8Array;
}

export interface AuthenticationExtensionsClientOutputs {
  appid?: boolean;
  credProps?: { rk?: boolean };
  hmacCreateSecret?: boolean;
  prf?: { enabled?: boolean; results?: AuthenticationExtensionsPRFResults };
}

export interface PublicKeyCredentialCreationOptionsJSON {
  rp: PublicKeyCredentialRpEntityJSON;
  user: PublicKeyCredentialUserEntityJSON;
  challenge: Base64UrlString;
  pubKeyCredParams: PublicKeyCredentialParametersJSON[];
  /** Milliseconds the user has to touch the key. */
  timeout?: number;
  excludeCredentials?: PublicKeyCredentialDescriptorJSON[];
  authenticatorSelection?: AuthenticatorSelectionCriteria;
  hints?: PublicKeyCredentialHint[];
  attestation?: AttestationConveyancePreference;
  attestationFormats?: AttestationFormat[];
  extensions?: AuthenticationExtensionsClientInputs;
}

export interface PublicKeyCredentialRequestOptionsJSON {
  challenge: Base64UrlString;
  timeout?: number;
  /** Defaults to the origin's host. */
  rpId?: string;
  allowCredentials?: PublicKeyCredentialDescriptorJSON[];
  userVerification?: UserVerificationRequirement;
  hints?: PublicKeyCredentialHint[];
  extensions?: AuthenticationExtensionsClientInputs;
}

export interface AuthenticatorAttestationResponseJSON {
  clientDataJSON: Base64UrlString;
  attestationObject: Base64UrlString;
  authenticatorData?: Base64UrlString;
  transports?: string[];
  publicKeyAlgorithm?: number;
  /** SubjectPublicKeyInfo, DER, base64url. */
  publicKey?: Base64UrlString;
}

export interface AuthenticatorAssertionResponseJSON {
  clientDataJSON: Base64UrlString;
  authenticatorData: Base64UrlString;
  signature: Base64UrlString;
  userHandle?: Base64UrlString;
}

export interface RegistrationResponseJSON {
  id: Base64UrlString;
  rawId: Base64UrlString;
  response: AuthenticatorAttestationResponseJSON;
  authenticatorAttachment?: AuthenticatorAttachment;
  clientExtensionResults: AuthenticationExtensionsClientOutputs;
  type: PublicKeyCredentialType;
}

export interface AuthenticationResponseJSON {
  id: Base64UrlString;
  rawId: Base64UrlString;
  response: AuthenticatorAssertionResponseJSON;
  authenticatorAttachment?: AuthenticatorAttachment;
  clientExtensionResults: AuthenticationExtensionsClientOutputs;
  type: PublicKeyCredentialType;
}
