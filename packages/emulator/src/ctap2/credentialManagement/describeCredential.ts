import { coseKeyFromPublicKey, type CredentialManagementResponse } from '@keybridge/ctap';
import type { DiscoverableCredential } from './discoverableCredentials.js';
import { credentialPrivateKey } from '../../state/credentialPrivateKey.js';

/** One credential as enumerateCredentials answers it: user, credentialID, COSE public key, credProtect. */
export function describeCredential(credential: DiscoverableCredential): CredentialManagementResponse {
  const privateKey = credentialPrivateKey(credential);
  const user = credential.user ?? { id: new Uint8Array(0) };
  return {
    user: {
      id: user.id,
      ...(user.name === undefined ? {} : { name: user.name }),
      ...(user.displayName === undefined ? {} : { displayName: user.displayName }),
    },
    credentialId: { type: 'public-key', id: credential.id },
    publicKey: coseKeyFromPublicKey(privateKey, credential.algorithm),
    credProtect: credential.credProtect,
  };
}
