import { PUBLIC_KEY_CREDENTIAL_TYPE, type PublicKeyCredentialDescriptor } from '@keybridge/ctap';
import { decodeBase64Url } from './decodeBase64Url.js';
import type { PublicKeyCredentialDescriptorJSON } from './WebAuthnJson.js';

/**
 * excludeCredentials / allowCredentials as CTAP descriptors: ids decoded (bad base64url is BAD_REQUEST), other
 * types than "public-key" dropped, and ids longer than `maxIdLength` dropped (the key cannot have made them;
 * browsers do the same). Transports are not forwarded: a USB key has no use for them.
 */
export function usableCredentialDescriptors(
  descriptors: readonly PublicKeyCredentialDescriptorJSON[] | undefined,
  what: string,
  maxIdLength = Number.POSITIVE_INFINITY,
): PublicKeyCredentialDescriptor[] {
  const usable: PublicKeyCredentialDescriptor[] = [];
  (descriptors ?? []).forEach((descriptor, index) => {
    const id = decodeBase64Url(descriptor.id, `${what}[${index}].id`);
    if (descriptor.type !== PUBLIC_KEY_CREDENTIAL_TYPE || id.length === 0 || id.length > maxIdLength) return;
    usable.push({ type: PUBLIC_KEY_CREDENTIAL_TYPE, id });
  });
  return usable;
}
