/** U2F (CTAP1) APDU instructions (ctap-reference.md "CTAP1 / U2F over CTAPHID_MSG"). */
export const U2fInstruction = {
  REGISTER: 0x01,
  AUTHENTICATE: 0x02,
  VERSION: 0x03,
} as const;
