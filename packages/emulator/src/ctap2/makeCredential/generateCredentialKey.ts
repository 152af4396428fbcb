import type { KeyObject } from 'node:crypto';
import { CoseAlgorithm, createKeyPair, CtapError, CtapStatus } from '@keybridge/ctap';

/** A new credential key pair: P-256 for ES256, Ed25519 for EdDSA; the private key also as PKCS#8 DER to store. */
export function generateCredentialKey(algorithm: number): { privateKey: KeyObject; privateKeyPkcs8: Uint8Array } {
  let privateKey: KeyObject;
  if (algorithm === CoseAlgorithm.ES256) privateKey = createKeyPair('P-256').privateKey;
  else if (algorithm === CoseAlgorithm.EdDSA) privateKey = createKeyPair('Ed25519').privateKey;
  else throw new CtapError(CtapStatus.UNSUPPORTED_ALGORITHM, `cannot make a key for algorithm ${algorithm}`);
  return { privateKey, privateKeyPkcs8: new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })) };
}
