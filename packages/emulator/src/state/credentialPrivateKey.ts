import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { StoredCredential } from './AuthenticatorState.js';

// Parsing PKCS#8 costs OpenSSL 3 about 0.4 ms, eight times an ECDSA signature: parse each key once.
const parsedKeys = new WeakMap<Uint8Array, KeyObject>();

/** The credential's private key as a KeyObject, parsed once per stored key. */
export function credentialPrivateKey(credential: Pick<StoredCredential, 'privateKeyPkcs8'>): KeyObject {
  let key = parsedKeys.get(credential.privateKeyPkcs8);
  if (!key) {
    key = createPrivateKey({ key: Buffer.from(credential.privateKeyPkcs8), format: 'der', type: 'pkcs8' });
    parsedKeys.set(credential.privateKeyPkcs8, key);
  }
  return key;
}
