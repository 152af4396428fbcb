import type { KeyObject } from 'node:crypto';
import type { CborValue } from '@keybridge/ctap';
import type { AttestationStatement } from './AttestationStatement.js';
import { signWithCredentialKey } from './signWithCredentialKey.js';

/**
 * Packed self attestation (WebAuthn §8.2, no x5c): {alg: the credential's algorithm, sig}, signed by the
 * credential's own private key over authData || clientDataHash.
 */
export function packedSelfAttestation(
  credentialKey: KeyObject,
  algorithm: number,
  authData: Uint8Array,
  clientDataHash: Uint8Array,
): AttestationStatement {
  const signature = signWithCredentialKey(credentialKey, algorithm, Buffer.concat([authData, clientDataHash]));
  return {
    fmt: 'packed',
    attStmt: new Map<string, CborValue>([
      ['alg', algorithm],
      ['sig', signature],
    ]),
  };
}
