import { Ctap2Command, CtapStatus, encodeCtap2Request } from '@keybridge/ctap';
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../createAuthenticator.js';
import type { UserPresenceDecision, UserPresenceRequest } from '../../userPresence/UserPresencePolicy.js';

async function selectionWith(decision: UserPresenceDecision, signal?: AbortSignal) {
  const requests: UserPresenceRequest[] = [];
  const statuses: string[] = [];
  const authenticator = await createAuthenticator({
    userPresenceTimeoutMs: 20,
    userPresence: (request) => {
      requests.push(request);
      return decision === 'timeout' ? new Promise(() => undefined) : decision;
    },
  });
  const reply = await authenticator.handleCtap2(encodeCtap2Request(Ctap2Command.selection), {
    ...(signal ? { signal } : {}),
    onStatus: (status) => statuses.push(status),
  });
  return { reply, requests, statuses };
}

describe('selection', () => {
  it('answers OK with no body once touched, having asked for a touch for "selection"', async () => {
    const { reply, requests, statuses } = await selectionWith('approve');
    expect([...reply]).toEqual([CtapStatus.OK]);
    expect(requests).toEqual([{ purpose: 'selection' }]);
    expect(statuses).toContain('upneeded');
  });

  it('answers OPERATION_DENIED when the user refuses', async () => {
    expect([...(await selectionWith('deny')).reply]).toEqual([CtapStatus.OPERATION_DENIED]);
  });

  it('answers USER_ACTION_TIMEOUT when nobody touches the key', async () => {
    expect([...(await selectionWith('timeout')).reply]).toEqual([CtapStatus.USER_ACTION_TIMEOUT]);
  });

  it('answers KEEPALIVE_CANCEL when the host cancels', async () => {
    expect([...(await selectionWith('approve', AbortSignal.abort())).reply]).toEqual([CtapStatus.KEEPALIVE_CANCEL]);
  });
});
