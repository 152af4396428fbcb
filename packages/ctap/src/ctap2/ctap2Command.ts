/** CTAP2 command bytes: the first byte of a CTAPHID_CBOR message (ctap-reference.md, "CTAP2 commands"). */
export const Ctap2Command = {
  makeCredential: 0x01,
  getAssertion: 0x02,
  getInfo: 0x04,
  clientPIN: 0x06,
  reset: 0x07,
  getNextAssertion: 0x08,
  bioEnrollment: 0x09,
  credentialManagement: 0x0a,
  selection: 0x0b,
  largeBlobs: 0x0c,
  config: 0x0d,
  bioEnrollmentPreview: 0x40,
  credentialManagementPreview: 0x41,
} as const;

export type Ctap2CommandName = keyof typeof Ctap2Command;
