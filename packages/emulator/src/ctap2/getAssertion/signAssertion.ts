import { encodeAuthenticatorData, PUBLIC_KEY_CREDENTIAL_TYPE, type GetAssertionResponse } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import { signWithCredentialKey } from '../../attestation/statements/signWithCredentialKey.js';
import { getAssertionExtensionOutputs } from '../../extensions/getAssertionExtensionOutputs.js';
import type { GetAssertionExtensionInputs } from '../../extensions/GetAssertionExtensionInputs.js';
import type { HmacSecretSession } from '../../extensions/HmacSecretSession.js';
import type { StoredCredential } from '../../state/AuthenticatorState.js';
import { countSignature } from '../../state/countSignature.js';
import { credentialPrivateKey } from '../../state/credentialPrivateKey.js';

export interface AssertionInput {
  rpIdHash: Uint8Array;
  clientDataHash: Uint8Array;
  /** UP / UV bits; ED is added when there are extension outputs. */
  flags: number;
  userVerified: boolean;
  extensions: GetAssertionExtensionInputs;
  hmacSecret?: HmacSecretSession;
  /** Return name and displayName with the user id: only with UV and several accounts (CTAP 2.1 §6.2.2 step 12). */
  userDetails: boolean;
  numberOfCredentials?: number;
}

/**
 * One assertion: the credential's counter goes up by one and is persisted before it signs (see countSignature), then
 * signature = sign(credential key, authData || clientDataHash). A discoverable credential returns its user
 * (id only, unless userDetails); a non-discoverable one returns none, as real keys do.
 */
export async function signAssertion(core: AuthenticatorCore, credential: StoredCredential, input: AssertionInput): Promise<GetAssertionResponse> {
  const signCount = await countSignature(core, credential);
  const extensions = getAssertionExtensionOutputs(input.extensions, input.hmacSecret, credential, input.userVerified);
  const authData = encodeAuthenticatorData({ rpIdHash: input.rpIdHash, flags: input.flags, signCount, extensions });
  const response: GetAssertionResponse = {
    credential: { type: PUBLIC_KEY_CREDENTIAL_TYPE, id: credential.id },
    authData,
    signature: signWithCredentialKey(credentialPrivateKey(credential), credential.algorithm, Buffer.concat([authData, input.clientDataHash])),
  };
  if (credential.discoverable && credential.user) {
    response.user = { id: credential.user.id };
    if (input.userDetails) {
      if (credential.user.name !== undefined) response.user.name = credential.user.name;
      if (credential.user.displayName !== undefined) response.user.displayName = credential.user.displayName;
    }
  }
  if (input.numberOfCredentials !== undefined) response.numberOfCredentials = input.numberOfCredentials;
  return response;
}
