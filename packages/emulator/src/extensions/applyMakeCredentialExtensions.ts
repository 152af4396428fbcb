import { randomBytes } from 'node:crypto';
import { CredentialProtectionPolicy, ExtensionIdentifier, type CborMap, type CborValue } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../AuthenticatorCore.js';
import type { StoredCredential } from '../state/AuthenticatorState.js';
import type { MakeCredentialExtensionInputs } from './MakeCredentialExtensionInputs.js';

/** What the extensions add to a new credential, and the authenticator extension outputs for its authData. */
export interface MakeCredentialExtensionResult {
  credential: Pick<StoredCredential, 'credProtect' | 'hmacSecret' | 'credBlob'>;
  /** Absent when no extension produced an output (then authData has no ED flag). */
  outputs?: CborMap;
}

/**
 * CTAP 2.1 §12 at makeCredential:
 * - credProtect: the level is stored (1 when not asked) and echoed;
 * - hmac-secret: true makes CredRandomWithUV and CredRandomWithoutUV (32 random bytes each), output true;
 * - credBlob: stored and output true when it fits config.maxCredBlobLength, otherwise output false;
 * - minPinLength: outputs state.minPinLength, only for an RP in state.minPinLengthRpIds.
 */
export function applyMakeCredentialExtensions(
  core: AuthenticatorCore,
  inputs: MakeCredentialExtensionInputs,
  rpId: string,
): MakeCredentialExtensionResult {
  const outputs = new Map<string, CborValue>();
  const credential: MakeCredentialExtensionResult['credential'] = {
    credProtect: inputs.credProtect ?? CredentialProtectionPolicy.userVerificationOptional,
  };
  if (inputs.credProtect !== undefined) outputs.set(ExtensionIdentifier.credProtect, credential.credProtect);
  if (inputs.hmacSecret === true) {
    credential.hmacSecret = { withUv: new Uint8Array(randomBytes(32)), withoutUv: new Uint8Array(randomBytes(32)) };
    outputs.set(ExtensionIdentifier.hmacSecret, true);
  }
  if (inputs.credBlob !== undefined) {
    const fits = inputs.credBlob.length <= core.config.maxCredBlobLength;
    if (fits) credential.credBlob = Uint8Array.from(inputs.credBlob);
    outputs.set(ExtensionIdentifier.credBlob, fits);
  }
  if (inputs.minPinLength === true && core.state.minPinLengthRpIds.includes(rpId)) {
    outputs.set(ExtensionIdentifier.minPinLength, core.state.minPinLength);
  }
  return outputs.size > 0 ? { credential, outputs } : { credential };
}
