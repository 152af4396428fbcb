import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';

export type KeyPairKind = 'P-256' | 'P-384' | 'Ed25519';

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/**
 * A fresh key pair, made so that it can be inspected safely (asymmetricKeyDetails, export) at any time.
 *
 * Why not `generateKeyPairSync(...).privateKey`: in Node 20 the KeyObjects it returns share a mutex with the
 * generation job, whose destructor takes that mutex when the garbage collector frees the job. Reading
 * `asymmetricKeyDetails` or exporting holds the same mutex while allocating on the V8 heap; when that allocation
 * starts the collection that frees the job, the thread waits on itself forever (seen here as a test worker hung
 * in `GetEcKeyDetail` → `~KeyGenJob`). So the job hands back a JWK and the KeyObject is built from it, with a
 * mutex of its own.
 */
export function createKeyPair(kind: KeyPairKind): KeyPair {
  // Both halves encoded, so no KeyObject of the job's escapes.
  const encodings = { publicKeyEncoding: { type: 'spki', format: 'jwk' }, privateKeyEncoding: { type: 'pkcs8', format: 'jwk' } };
  const generated = kind === 'Ed25519' ? generateJwkKeyPair('ed25519', encodings) : generateJwkKeyPair('ec', { namedCurve: kind, ...encodings });
  const privateKey = createPrivateKey({ key: generated.privateKey, format: 'jwk' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

// Node 20 generates JWKs; @types/node 20 has no overload for it.
const generateJwkKeyPair = generateKeyPairSync as unknown as (type: 'ec' | 'ed25519', options: object) => { privateKey: JsonWebKey };
