import { CtapError, CtapStatus, pinUvAuthProtocol, type HmacSecretInput } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../AuthenticatorCore.js';
import type { HmacSecretSession } from './HmacSecretSession.js';

/**
 * hmac-secret at getAssertion (CTAP 2.1 §12.5): the shared secret comes from the platform's keyAgreement and
 * our clientPIN key agreement key (pinUvAuthProtocol absent means 1; an unknown one is INVALID_PARAMETER);
 * saltAuth must verify over saltEnc (PIN_AUTH_INVALID otherwise); saltEnc must decrypt to 32 or 64 bytes
 * (INVALID_PARAMETER otherwise).
 */
export function openHmacSecretSession(core: AuthenticatorCore, input: HmacSecretInput): HmacSecretSession {
  const protocol = pinUvAuthProtocol(input.pinUvAuthProtocol ?? 1);
  const sharedSecret = core.volatile.keyAgreement.decapsulate(protocol, input.keyAgreement);
  if (!protocol.verify(sharedSecret, input.saltEnc, input.saltAuth)) {
    throw new CtapError(CtapStatus.PIN_AUTH_INVALID, 'hmac-secret saltAuth does not verify');
  }
  const salts = protocol.decrypt(sharedSecret, input.saltEnc);
  if (salts.length !== 32 && salts.length !== 64) {
    throw new CtapError(CtapStatus.INVALID_PARAMETER, `hmac-secret salts are ${salts.length} bytes, not 32 or 64`);
  }
  return { protocol, sharedSecret, salts };
}
