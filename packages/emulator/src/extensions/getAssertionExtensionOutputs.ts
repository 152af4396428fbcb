import { ExtensionIdentifier, type CborMap, type CborValue } from '@keybridge/ctap';
import type { StoredCredential } from '../state/AuthenticatorState.js';
import type { GetAssertionExtensionInputs } from './GetAssertionExtensionInputs.js';
import type { HmacSecretSession } from './HmacSecretSession.js';
import { hmacSecretOutput } from './hmacSecretOutput.js';

/**
 * The authenticator extension outputs of one assertion: hmac-secret (when asked and the credential has
 * CredRandoms) and credBlob (the stored blob, or empty bytes). Undefined when there are none.
 */
export function getAssertionExtensionOutputs(
  inputs: GetAssertionExtensionInputs,
  hmacSecret: HmacSecretSession | undefined,
  credential: StoredCredential,
  userVerified: boolean,
): CborMap | undefined {
  const outputs = new Map<string, CborValue>();
  if (hmacSecret) {
    const output = hmacSecretOutput(hmacSecret, credential, userVerified);
    if (output) outputs.set(ExtensionIdentifier.hmacSecret, output);
  }
  if (inputs.credBlob === true) outputs.set(ExtensionIdentifier.credBlob, credential.credBlob ?? new Uint8Array(0));
  return outputs.size > 0 ? outputs : undefined;
}
