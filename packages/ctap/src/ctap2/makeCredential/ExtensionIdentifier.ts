/** Extension identifiers (CTAP 2.1 §12): the text keys of the extensions maps in requests and authenticatorData. */
export const ExtensionIdentifier = {
  credProtect: 'credProtect',
  credBlob: 'credBlob',
  hmacSecret: 'hmac-secret',
  largeBlobKey: 'largeBlobKey',
  minPinLength: 'minPinLength',
} as const;

/** credProtect levels (CTAP 2.1 §12.1). */
export const CredentialProtectionPolicy = {
  userVerificationOptional: 1,
  userVerificationOptionalWithCredentialIdList: 2,
  userVerificationRequired: 3,
} as const;
