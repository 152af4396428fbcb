import { asBoolean, asInteger, ExtensionIdentifier, type CborMap } from '@keybridge/ctap';
import type { MakeCredentialExtensionOutputs } from './MakeCredentialInput.js';
import { readDeviceAnswer } from './readDeviceAnswer.js';

/** The typed view of makeCredential's authenticator extension outputs; a mistyped output is PROTOCOL_ERROR. */
export function readMakeCredentialExtensionOutputs(extensions: CborMap | undefined): MakeCredentialExtensionOutputs {
  const outputs: MakeCredentialExtensionOutputs = {};
  if (!extensions) return outputs;
  outputs.raw = extensions;
  return readDeviceAnswer('makeCredential extension outputs', () => {
    const credProtect = extensions.get(ExtensionIdentifier.credProtect);
    if (credProtect !== undefined) outputs.credProtect = asInteger(credProtect, 'credProtect output');
    const hmacSecret = extensions.get(ExtensionIdentifier.hmacSecret);
    if (hmacSecret !== undefined) outputs.hmacSecret = asBoolean(hmacSecret, 'hmac-secret output');
    const credBlob = extensions.get(ExtensionIdentifier.credBlob);
    if (credBlob !== undefined) outputs.credBlob = asBoolean(credBlob, 'credBlob output');
    const minPinLength = extensions.get(ExtensionIdentifier.minPinLength);
    if (minPinLength !== undefined) outputs.minPinLength = asInteger(minPinLength, 'minPinLength output');
    return outputs;
  });
}
