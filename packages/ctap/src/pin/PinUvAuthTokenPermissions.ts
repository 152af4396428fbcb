/** pinUvAuthToken permission bits (clientPIN parameter 0x09; ctap-reference.md "clientPIN"). */
export const PinUvAuthTokenPermissions = {
  /** makeCredential */
  mc: 0x01,
  /** getAssertion */
  ga: 0x02,
  /** credentialManagement */
  cm: 0x04,
  /** bioEnrollment */
  be: 0x08,
  /** largeBlobWrite */
  lbw: 0x10,
  /** authenticatorConfig */
  acfg: 0x20,
} as const;
