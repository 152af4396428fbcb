import { CtapError, CtapStatus } from '@keybridge/ctap';
import type { AuthenticatorCore } from '../../AuthenticatorCore.js';
import type { RequestContext } from '../../userPresence/RequestContext.js';
import type { UserPresenceRequest } from '../../userPresence/UserPresencePolicy.js';

/**
 * The touch makeCredential and getAssertion ask for. CTAP 2.1 §6.1.2 step 14 and §6.2.2 step 9: "If the user
 * declines permission, or the operation times out, then end the operation by returning
 * CTAP2_ERR_OPERATION_DENIED", so a timeout is OPERATION_DENIED here; a host's cancel stays KEEPALIVE_CANCEL.
 */
export async function requestUserPresence(core: AuthenticatorCore, request: UserPresenceRequest, context: RequestContext): Promise<void> {
  try {
    await core.userPresence(request, context);
  } catch (error) {
    if (error instanceof CtapError && error.status === CtapStatus.USER_ACTION_TIMEOUT) {
      throw new CtapError(CtapStatus.OPERATION_DENIED, 'nobody touched the key');
    }
    throw error;
  }
}
