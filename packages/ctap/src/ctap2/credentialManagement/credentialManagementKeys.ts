/**
 * authenticatorCredentialManagement (0x0A) numbers, CTAP 2.1 §6.8. Not in ctap-reference.md; checked against the
 * spec's tables and python-fido2 0.9.1 (fido2/ctap2/credman.py: CMD, PARAM, RESULT), which agree.
 */
export const CredentialManagementSubCommand = {
  getCredsMetadata: 0x01,
  enumerateRPsBegin: 0x02,
  enumerateRPsGetNextRP: 0x03,
  enumerateCredentialsBegin: 0x04,
  enumerateCredentialsGetNextCredential: 0x05,
  deleteCredential: 0x06,
  updateUserInformation: 0x07,
} as const;

/** Members of the request map. */
export const CredentialManagementRequestKey = {
  subCommand: 0x01,
  subCommandParams: 0x02,
  pinUvAuthProtocol: 0x03,
  pinUvAuthParam: 0x04,
} as const;

/** Members of the subCommandParams map. */
export const CredentialManagementParamKey = {
  rpIdHash: 0x01,
  credentialId: 0x02,
  user: 0x03,
} as const;

/** Members of the response map. */
export const CredentialManagementResponseKey = {
  existingResidentCredentialsCount: 0x01,
  maxPossibleRemainingResidentCredentialsCount: 0x02,
  rp: 0x03,
  rpIdHash: 0x04,
  totalRps: 0x05,
  user: 0x06,
  credentialId: 0x07,
  publicKey: 0x08,
  totalCredentials: 0x09,
  credProtect: 0x0a,
  largeBlobKey: 0x0b,
} as const;
