import type { CborMap } from '@keybridge/ctap';

/** What makeCredential answers as fmt (0x01) and attStmt (0x03). */
export interface AttestationStatement {
  fmt: string;
  attStmt: CborMap;
}
