import { CoseAlgorithm, type CborValue } from '@keybridge/ctap';
import type { AttestationMaterial } from '../../AuthenticatorCore.js';
import type { AttestationStatement } from './AttestationStatement.js';
import { signWithCredentialKey } from './signWithCredentialKey.js';

/**
 * Full packed attestation (WebAuthn §8.2): {alg: -7, sig, x5c: [batch certificate]}, the signature by the
 * batch key over authData || clientDataHash. The batch key is P-256, so alg is always ES256 whatever the
 * credential's own algorithm.
 */
export function packedBatchAttestation(material: AttestationMaterial, authData: Uint8Array, clientDataHash: Uint8Array): AttestationStatement {
  const signature = signWithCredentialKey(material.privateKey, CoseAlgorithm.ES256, Buffer.concat([authData, clientDataHash]));
  return {
    fmt: 'packed',
    attStmt: new Map<string, CborValue>([
      ['alg', CoseAlgorithm.ES256],
      ['sig', signature],
      ['x5c', [Uint8Array.from(material.certificateDer)]],
    ]),
  };
}
