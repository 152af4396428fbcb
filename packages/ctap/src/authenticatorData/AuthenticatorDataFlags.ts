/** Bits of the authenticatorData flags byte (ctap-reference.md "authenticatorData"). */
export const AuthenticatorDataFlags = {
  /** User present. */
  UP: 0x01,
  /** User verified. */
  UV: 0x04,
  /** Backup eligible. */
  BE: 0x08,
  /** Backed up. */
  BS: 0x10,
  /** Attested credential data included. */
  AT: 0x40,
  /** Extension data included. */
  ED: 0x80,
} as const;
