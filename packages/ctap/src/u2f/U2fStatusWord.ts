/** U2F response status words (ctap-reference.md "CTAP1 / U2F over CTAPHID_MSG"). */
export const U2fStatusWord = {
  NO_ERROR: 0x9000,
  /** User presence is needed (and, for a check-only AUTHENTICATE, the key handle is known). */
  CONDITIONS_NOT_SATISFIED: 0x6985,
  /** Bad key handle. */
  WRONG_DATA: 0x6a80,
  WRONG_LENGTH: 0x6700,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
} as const;
