import { CtapStatus } from '../../packages/ctap/src/status/ctapStatus.js';

/**
 * The CTAP status `action` throws as a CtapError, or CtapStatus.OK when it returns.
 * Any other error is thrown again, so a bug shows as itself rather than as a wrong status.
 */
export function ctapStatusOf(action: () => unknown): number {
  try {
    action();
  } catch (error) {
    if (isCtapError(error)) return error.status;
    throw error;
  }
  return CtapStatus.OK;
}

/**
 * By name, not `instanceof`: tests inside packages/ctap throw the source class, the emulator's tests the compiled
 * one from @keybridge/ctap, and both must count.
 */
function isCtapError(error: unknown): error is Error & { status: number } {
  return error instanceof Error && error.name === 'CtapError' && typeof (error as { status?: unknown }).status === 'number';
}
