import { CtapError, CtapStatus } from '@keybridge/ctap';
import type { RequestContext } from './RequestContext.js';
import type { UserPresencePolicy, UserPresenceRequest } from './UserPresencePolicy.js';

/**
 * Waits for the emulated user's touch. Resolves when approved; otherwise throws the status a real key
 * answers: OPERATION_DENIED when the user refuses, USER_ACTION_TIMEOUT when nobody touches it in time,
 * KEEPALIVE_CANCEL when the host cancels.
 */
export async function collectUserPresence(
  policy: UserPresencePolicy,
  request: UserPresenceRequest,
  context: RequestContext,
  timeoutMs: number,
): Promise<void> {
  const { signal } = context;
  if (signal?.aborted) throw new CtapError(CtapStatus.KEEPALIVE_CANCEL);
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  // Listen for the cancel before announcing the wait, so a host that cancels on the first keep-alive is heard.
  const cancelled = new Promise<'cancel'>((resolve) => {
    onAbort = () => resolve('cancel');
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    context.onStatus?.('upneeded');
    const decision = await Promise.race([cancelled, timedOut, Promise.resolve(policy(request))]);
    if (decision === 'cancel') throw new CtapError(CtapStatus.KEEPALIVE_CANCEL);
    if (decision === 'deny') throw new CtapError(CtapStatus.OPERATION_DENIED, 'the user refused');
    if (decision === 'timeout') throw new CtapError(CtapStatus.USER_ACTION_TIMEOUT, 'nobody touched the key');
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    context.onStatus?.('processing');
  }
}
