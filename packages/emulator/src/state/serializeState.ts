import { MAX_UV_RETRIES, type AuthenticatorState } from './AuthenticatorState.js';

const BYTES_TAG = '$bytes';

/** JSON with byte strings as {"$bytes": base64}: readable, diffable, and exact. */
export function serializeState(state: AuthenticatorState): string {
  return JSON.stringify(
    { version: 1, state },
    (_key, value: unknown) => (value instanceof Uint8Array ? { [BYTES_TAG]: Buffer.from(value).toString('base64') } : value),
    2,
  );
}

export class StateFileError extends Error {
  readonly code = 'STATE_FILE_INVALID';
  constructor(detail: string) {
    super(`emulator state file is invalid: ${detail}`);
    this.name = 'StateFileError';
  }
}

export function parseState(text: string): AuthenticatorState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_key, value: unknown) => {
      if (value && typeof value === 'object' && BYTES_TAG in value) {
        return Uint8Array.from(Buffer.from(String((value as Record<string, unknown>)[BYTES_TAG]), 'base64'));
      }
      return value;
    });
  } catch (error) {
    throw new StateFileError((error as Error).message);
  }
  const envelope = parsed as { version?: unknown; state?: AuthenticatorState };
  if (envelope?.version !== 1 || typeof envelope.state !== 'object' || !Array.isArray(envelope.state?.credentials)) {
    throw new StateFileError('unknown version or shape');
  }
  // State files written before built-in UV existed have no uvRetries.
  return { ...envelope.state, uvRetries: envelope.state.uvRetries ?? MAX_UV_RETRIES };
}
