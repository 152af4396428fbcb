import type { Ctap2Session, CtapRequestOptions } from '@keybridge/client';
import { CtapError } from '@keybridge/ctap';
import type { CtapErrorDetails } from '../errors/describeCtapError.js';
import { ExplainedError } from '../errors/ExplainedError.js';

/**
 * Runs a PIN operation; when it fails for the PIN, adds what makes the message useful: after a wrong PIN the
 * retries left (asked from the key after the failure), after a policy violation the key's minimum length.
 */
export async function explainPinFailure<T>(
  session: Ctap2Session,
  requestOptions: () => CtapRequestOptions,
  work: () => Promise<T>,
  operation?: CtapErrorDetails['operation'],
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof CtapError)) throw error;
    const details: CtapErrorDetails = operation === undefined ? {} : { operation };
    if (error.code === 'PIN_INVALID' || error.code === 'PIN_AUTH_BLOCKED') {
      const retries = await session.clientPin.getPinRetries(requestOptions()).then(
        (answer) => answer.pinRetries,
        () => undefined,
      );
      if (retries !== undefined) details.pinRetries = retries;
    }
    if (error.code === 'PIN_POLICY_VIOLATION' && session.info.minPINLength !== undefined) details.minPinLength = session.info.minPINLength;
    throw new ExplainedError(error, details);
  }
}
