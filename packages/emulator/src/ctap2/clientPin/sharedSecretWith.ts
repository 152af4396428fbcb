import { CtapError, CtapStatus, type CborMap, type PinUvAuthProtocol } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';

/**
 * decapsulate(platform key) with the authenticator's key agreement key. "If an error results, it returns
 * CTAP1_ERR_INVALID_PARAMETER" (CTAP 2.1 §6.5.5.5 ff.), whatever was wrong with the key: a missing coordinate,
 * a point off the curve, the wrong kty or alg.
 */
export function sharedSecretWith(core: AuthenticatorCore, protocol: PinUvAuthProtocol, platformKey: CborMap): Uint8Array {
  try {
    return core.volatile.keyAgreement.decapsulate(protocol, platformKey);
  } catch (error) {
    if (error instanceof CtapError) throw new CtapError(CtapStatus.INVALID_PARAMETER, `keyAgreement: ${error.message}`);
    throw error;
  }
}
