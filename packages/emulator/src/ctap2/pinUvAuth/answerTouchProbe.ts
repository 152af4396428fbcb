import { CtapError, CtapStatus } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import type { RequestContext } from '../../userPresence/RequestContext.js';
import { requestUserPresence } from '../userPresence/requestUserPresence.js';

/**
 * A zero-length pinUvAuthParam is a platform asking the user to pick this authenticator (CTAP 2.1 §6.1.2 and
 * §6.2.2 step 1): wait for a touch (OPERATION_DENIED if refused or timed out), then answer PIN_NOT_SET when no PIN
 * is set, PIN_INVALID when one is. Never returns.
 */
export async function answerTouchProbe(core: AuthenticatorCore, purpose: string, rpId: string, context: RequestContext): Promise<never> {
  await requestUserPresence(core, { purpose, rpId }, context);
  if (core.state.pinHash) throw new CtapError(CtapStatus.PIN_INVALID, 'touched: a PIN is set');
  throw new CtapError(CtapStatus.PIN_NOT_SET, 'touched: no PIN is set');
}
