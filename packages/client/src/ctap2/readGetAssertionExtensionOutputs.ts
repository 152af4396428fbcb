import { asBytes, ExtensionIdentifier, type CborMap } from '@keybridge/ctap';
import type { GetAssertionExtensionOutputs } from './GetAssertionInput.js';
import type { PreparedHmacSecret } from './prepareHmacSecret.js';
import { readDeviceAnswer } from './readDeviceAnswer.js';

/**
 * The typed view of one assertion's authenticator extension outputs: hmac-secret decrypted with the shared
 * secret of its request, credBlob as bytes. A mistyped output is PROTOCOL_ERROR.
 */
export function readGetAssertionExtensionOutputs(extensions: CborMap | undefined, hmacSecret: PreparedHmacSecret | undefined): GetAssertionExtensionOutputs {
  const outputs: GetAssertionExtensionOutputs = {};
  if (!extensions) return outputs;
  outputs.raw = extensions;
  const encrypted = extensions.get(ExtensionIdentifier.hmacSecret);
  if (encrypted !== undefined && hmacSecret) {
    outputs.hmacSecret = hmacSecret.decryptOutput(readDeviceAnswer('hmac-secret output', () => asBytes(encrypted, 'hmac-secret output')));
  }
  const credBlob = extensions.get(ExtensionIdentifier.credBlob);
  if (credBlob !== undefined) outputs.credBlob = readDeviceAnswer('credBlob output', () => asBytes(credBlob, 'credBlob output'));
  return outputs;
}
