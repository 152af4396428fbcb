import { CtapError, CtapStatus } from '@keybridge/ctap';
import type { PinUvAuthTokenScope } from '../ctap2/Ctap2ClientPin.js';
import type { Ctap2Session } from '../ctap2/Ctap2Session.js';
import type { PinUvAuthToken } from '../ctap2/PinUvAuthToken.js';

/** What the PIN prompt is told. */
export interface PinPrompt {
  /** The RP the PIN is asked for. */
  rpId: string;
  /** Wrong PINs the key still accepts before it blocks (getPINRetries). */
  retries: number;
  /** True when the previous PIN was wrong. */
  wrongPin: boolean;
}

/** Where a PIN comes from: a known PIN (CI) or a prompt; `undefined` from the prompt means "no PIN to give". */
export interface PinSource {
  pin?: string;
  getPin?: (prompt: PinPrompt) => string | undefined | Promise<string | undefined>;
}

/**
 * A pinUvAuthToken for `scope`, or undefined when the source has no PIN. A key with built-in UV that issues tokens
 * is asked first, as browsers do (Ctap2ClientPin.tryBuiltInUv); when UV gives up (blocked, or no match in the tries
 * the key prefers) the PIN takes over if the key has one, else UV's failure is thrown (UV_BLOCKED, UV_INVALID…).
 * A given `pin` is tried once (a wrong one is the device's CtapError PIN_INVALID); `getPin` is asked again after
 * each wrong PIN, told the retries left, until the key blocks PIN entry (PIN_AUTH_BLOCKED, PIN_BLOCKED from the
 * device). A key with no retries left is PIN_BLOCKED before anyone is asked.
 */
export async function obtainPinUvAuthToken(
  session: Ctap2Session,
  source: PinSource,
  scope: PinUvAuthTokenScope & { rpId: string },
  signal: AbortSignal | undefined,
): Promise<PinUvAuthToken | undefined> {
  const options = signal ? { signal } : {};
  if (session.clientPin.hasBuiltInUv) {
    const { token, failure } = await session.clientPin.tryBuiltInUv(scope, options);
    if (token) return token;
    if (session.info.options?.clientPin !== true) throw failure;
  }
  if (source.pin !== undefined) return session.clientPin.getPinUvAuthToken(source.pin, scope, options);
  if (!source.getPin) return undefined;
  let wrongPin = false;
  for (;;) {
    const { pinRetries } = await session.clientPin.getPinRetries(options);
    if (pinRetries === 0) throw new CtapError(CtapStatus.PIN_BLOCKED, 'no PIN retries left: the key must be reset');
    const pin = await source.getPin({ rpId: scope.rpId, retries: pinRetries, wrongPin });
    if (pin === undefined) return undefined;
    try {
      return await session.clientPin.getPinUvAuthToken(pin, scope, options);
    } catch (error) {
      if (!(error instanceof CtapError && error.status === CtapStatus.PIN_INVALID)) throw error;
      wrongPin = true;
    }
  }
}
