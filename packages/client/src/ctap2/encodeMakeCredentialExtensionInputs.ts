import { ExtensionIdentifier, type CborMap, type CborValue } from '@keybridge/ctap';
import type { MakeCredentialExtensionInputs } from './MakeCredentialInput.js';

/** The makeCredential extensions map to send, or undefined when there is nothing to ask. */
export function encodeMakeCredentialExtensionInputs(inputs: MakeCredentialExtensionInputs | undefined): CborMap | undefined {
  if (!inputs) return undefined;
  const map = new Map<string | number, CborValue>(inputs.other ?? []);
  if (inputs.credProtect !== undefined) map.set(ExtensionIdentifier.credProtect, inputs.credProtect);
  if (inputs.hmacSecret !== undefined) map.set(ExtensionIdentifier.hmacSecret, inputs.hmacSecret);
  if (inputs.credBlob !== undefined) map.set(ExtensionIdentifier.credBlob, inputs.credBlob);
  if (inputs.minPinLength !== undefined) map.set(ExtensionIdentifier.minPinLength, inputs.minPinLength);
  return map.size > 0 ? map : undefined;
}
