import { sign, type KeyObject } from 'node:crypto';
import { CoseAlgorithm, CtapError, CtapStatus } from '@keybridge/ctap';

/**
 * A signature in the form WebAuthn carries it (§6.5.5): ES256 as an ASN.1 DER Ecdsa-Sig-Value, EdDSA as the
 * 64 raw bytes of Ed25519. Used for assertions and for packed attestation statements.
 */
export function signWithCredentialKey(privateKey: KeyObject, algorithm: number, data: Uint8Array): Uint8Array {
  if (algorithm === CoseAlgorithm.ES256) return new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'der' }));
  if (algorithm === CoseAlgorithm.EdDSA) return new Uint8Array(sign(null, data, privateKey));
  throw new CtapError(CtapStatus.UNSUPPORTED_ALGORITHM, `cannot sign with algorithm ${algorithm}`);
}
