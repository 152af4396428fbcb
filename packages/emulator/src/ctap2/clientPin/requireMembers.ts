import { CtapError, CtapStatus, type ClientPinRequest } from '@keybridge/ctap';

/** Step 1 of every clientPIN sub-command: a mandatory parameter that is absent is MISSING_PARAMETER. */
export function requireMembers<K extends keyof ClientPinRequest>(
  request: ClientPinRequest,
  names: readonly K[],
): asserts request is ClientPinRequest & Required<Pick<ClientPinRequest, K>> {
  const missing = names.filter((name) => request[name] === undefined);
  if (missing.length > 0) throw new CtapError(CtapStatus.MISSING_PARAMETER, `clientPIN without ${missing.join(', ')}`);
}
