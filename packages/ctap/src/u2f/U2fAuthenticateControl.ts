/** P1 of a U2F AUTHENTICATE request (ctap-reference.md "CTAP1 / U2F over CTAPHID_MSG"). */
export const U2fAuthenticateControl = {
  /** Require user presence, then sign. */
  ENFORCE: 0x03,
  /** Only say whether the key handle is ours: 6985 if so, 6A80 if not. */
  CHECK_ONLY: 0x07,
  /** Sign without requiring user presence. */
  DONT_ENFORCE: 0x08,
} as const;
