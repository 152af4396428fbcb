/** The U2F status word `action` throws as a U2fApduError; otherwise a text saying what happened, so a mismatch reads well. */
export function u2fStatusWordOf(action: () => unknown): number | string {
  try {
    action();
  } catch (error) {
    return isU2fApduError(error) ? error.statusWord : `not a U2fApduError: ${String(error)}`;
  }
  return 'no error';
}

/** By name, not `instanceof`, so the source class (tests inside packages/ctap) and the compiled one both count. */
function isU2fApduError(error: unknown): error is Error & { statusWord: number } {
  return error instanceof Error && error.name === 'U2fApduError' && typeof (error as { statusWord?: unknown }).statusWord === 'number';
}
