import { asBoolean, asBytes, asInteger, CredentialProtectionPolicy, CtapError, CtapStatus, ExtensionIdentifier, type CborMap } from '@keybridge/ctap';
import type { MakeCredentialExtensionInputs } from './MakeCredentialExtensionInputs.js';

const CRED_PROTECT_LEVELS: readonly number[] = Object.values(CredentialProtectionPolicy);

/**
 * Reads the extension inputs the emulator supports from a makeCredential extensions map. An input of the wrong
 * CBOR type is CBOR_UNEXPECTED_TYPE and a credProtect level other than 1, 2, 3 is INVALID_PARAMETER; extensions
 * the emulator does not know are ignored, as CTAP 2.1 §6.1.2 step 15 says.
 */
export function readMakeCredentialExtensions(extensions: CborMap | undefined): MakeCredentialExtensionInputs {
  const inputs: MakeCredentialExtensionInputs = {};
  if (!extensions) return inputs;
  const credProtect = extensions.get(ExtensionIdentifier.credProtect);
  if (credProtect !== undefined) {
    inputs.credProtect = asInteger(credProtect, 'credProtect');
    if (!CRED_PROTECT_LEVELS.includes(inputs.credProtect)) {
      throw new CtapError(CtapStatus.INVALID_PARAMETER, `credProtect level ${inputs.credProtect} does not exist`);
    }
  }
  const hmacSecret = extensions.get(ExtensionIdentifier.hmacSecret);
  if (hmacSecret !== undefined) inputs.hmacSecret = asBoolean(hmacSecret, 'hmac-secret');
  const credBlob = extensions.get(ExtensionIdentifier.credBlob);
  if (credBlob !== undefined) inputs.credBlob = asBytes(credBlob, 'credBlob');
  const minPinLength = extensions.get(ExtensionIdentifier.minPinLength);
  if (minPinLength !== undefined) inputs.minPinLength = asBoolean(minPinLength, 'minPinLength');
  return inputs;
}
