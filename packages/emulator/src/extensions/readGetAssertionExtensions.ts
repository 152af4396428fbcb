import { asBoolean, decodeHmacSecretInput, ExtensionIdentifier, type CborMap } from '@keybridge/ctap';
import type { GetAssertionExtensionInputs } from './GetAssertionExtensionInputs.js';

/**
 * Reads the extension inputs the emulator supports from a getAssertion extensions map: hmac-secret
 * ({1: keyAgreement, 2: saltEnc, 3: saltAuth, 4: pinUvAuthProtocol}) and credBlob (true). Wrong types are
 * CBOR_UNEXPECTED_TYPE, missing hmac-secret members MISSING_PARAMETER; unknown extensions are ignored.
 */
export function readGetAssertionExtensions(extensions: CborMap | undefined): GetAssertionExtensionInputs {
  const inputs: GetAssertionExtensionInputs = {};
  if (!extensions) return inputs;
  const hmacSecret = extensions.get(ExtensionIdentifier.hmacSecret);
  if (hmacSecret !== undefined) inputs.hmacSecret = decodeHmacSecretInput(hmacSecret);
  const credBlob = extensions.get(ExtensionIdentifier.credBlob);
  if (credBlob !== undefined) inputs.credBlob = asBoolean(credBlob, 'credBlob');
  return inputs;
}
