import type { KeyObject } from 'node:crypto';
import type { AttestationMaterial, AttestationMode } from '../../AuthenticatorCore.js';
import type { AttestationStatement } from './AttestationStatement.js';
import { packedBatchAttestation } from './packedBatchAttestation.js';
import { packedSelfAttestation } from './packedSelfAttestation.js';

export interface AttestationInput {
  mode: AttestationMode;
  material: AttestationMaterial;
  /** The complete authenticatorData of the new credential. */
  authData: Uint8Array;
  clientDataHash: Uint8Array;
  credentialKey: KeyObject;
  algorithm: number;
}

/** The attestation statement for a new credential, in the configured mode: packed (batch), packed self, or none. */
export function createAttestationStatement(input: AttestationInput): AttestationStatement {
  switch (input.mode) {
    case 'packed':
      return packedBatchAttestation(input.material, input.authData, input.clientDataHash);
    case 'self':
      return packedSelfAttestation(input.credentialKey, input.algorithm, input.authData, input.clientDataHash);
    case 'none':
      return { fmt: 'none', attStmt: new Map() };
  }
}
