import type { CborValue } from '../cbor/index.js';
import type { CoseKey } from '../cose/index.js';
import { KeyAgreementKeyPair } from './KeyAgreementKeyPair.js';
import type { PinUvAuthProtocol } from './pinUvAuthProtocol.js';

/**
 * Platform side of key agreement (CTAP 2.1 §6.5.6 encapsulate): an ephemeral P-256 pair, its public COSE key
 * to send as clientPIN keyAgreement, and the shared secret with the authenticator's key.
 * `ephemeral` may be given to replay a recorded exchange; normally a fresh pair is made.
 */
export function encapsulate(
  protocol: PinUvAuthProtocol,
  authenticatorKey: CborValue,
  ephemeral: KeyAgreementKeyPair = new KeyAgreementKeyPair(),
): { platformKeyAgreement: CoseKey; sharedSecret: Uint8Array } {
  const sharedSecret = ephemeral.decapsulate(protocol, authenticatorKey);
  return { platformKeyAgreement: ephemeral.coseKey(), sharedSecret };
}
