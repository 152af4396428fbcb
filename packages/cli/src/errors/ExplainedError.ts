import type { CtapErrorDetails } from './describeCtapError.js';

/** A failure with what the command learned about it afterwards (e.g. the PIN retries left after a wrong PIN). */
export class ExplainedError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly details: CtapErrorDetails,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'ExplainedError';
  }
}
